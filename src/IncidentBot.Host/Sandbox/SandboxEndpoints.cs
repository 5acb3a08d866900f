using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using IncidentBot.Core.Incidents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IncidentBot.Host.Sandbox;

/// <summary>
/// The sandbox page at <c>/</c> and its JSON API under <c>/sandbox</c>. Every input is validated before
/// anything changes; problems come back as RFC 7807 JSON (400 bad input, 403 not yours, 404 unknown id).
/// </summary>
public static class SandboxEndpoints
{
    public const int MaxTextLength = 4000;
    private const int MaxBodyBytes = 64 * 1024;
    private const int PageSize = 200;

    public static WebApplication MapSandbox(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // The gate runs before routing's handlers (and their parameter binding), so when the sandbox is off
        // its paths answer exactly like paths that do not exist.
        var gate = app.Services.GetRequiredService<SandboxGate>();
        app.Lifetime.ApplicationStarted.Register(() => _ = gate.Access);
        app.Use((context, next) =>
        {
            if (SandboxGate.IsSandboxPath(context.Request.Path) && !gate.Allows(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });

        app.MapGet("/", SandboxPage.GetPage).ExcludeFromDescription();
        app.MapGet("/sandbox/assets/{file}", SandboxPage.GetAsset).ExcludeFromDescription();

        var api = app.MapGroup("/sandbox").WithTags("Sandbox");
        api.MapGet("/channels", ListChannelsAsync);
        api.MapGet("/channels/{channel}/messages", ListMessagesAsync);
        api.MapPost("/commands", RunCommandAsync);
        api.MapPost("/messages", PostMessageAsync);
        api.MapPut("/messages/{id:long}", EditMessageAsync);
        api.MapDelete("/messages/{id:long}", DeleteMessageAsync);
        api.MapPost("/messages/{id:long}/pin", PinMessageAsync);
        api.MapDelete("/messages/{id:long}/pin", UnpinMessageAsync);
        api.MapGet("/attachments/{id:long}", SandboxAttachments.GetAsync);
        return app;
    }

    internal static async Task<Ok<SandboxChannelsResponse>> ListChannelsAsync(SandboxChat chat, CancellationToken cancellationToken) =>
        TypedResults.Ok(new SandboxChannelsResponse(await chat.ListChannelsAsync(cancellationToken)));

    /// <summary><c>?viewer=alice&amp;after=41&amp;since=7</c>: messages after id 41 that alice may see, and changes since revision 7.</summary>
    internal static async Task<Results<Ok<SandboxMessagesResponse>, ValidationProblem>> ListMessagesAsync(
        [AsParameters] SandboxMessagesQuery query, SandboxChat chat, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckChannel(query.Channel, errors);
        var viewer = CheckViewer(query.Viewer, errors);

        var afterId = ParseCursor(query.After, "after", errors);
        var sinceRevision = ParseCursor(query.Since, "since", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await chat.ListAsync(query.Channel, viewer, afterId, sinceRevision, PageSize, cancellationToken));
    }

    internal static async Task<Results<Ok<SandboxCommandResponse>, ValidationProblem, ProblemHttpResult>> RunCommandAsync(
        HttpRequest request, SandboxChat chat, ILogger<SandboxChat> logger, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadAsync(request, SandboxJsonContext.Default.SandboxPostRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var user = CheckUser(body!.User, errors);
        CheckChannel(body.Channel, errors);
        var text = CheckText(body.Text, errors);
        SandboxCommandLine? line = null;
        if (text is not null)
        {
            line = ParseCommand(text, out var commandError);
            if (commandError is not null)
            {
                errors["text"] = [commandError];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            return TypedResults.Ok(await chat.RunCommandAsync(user!, body.Channel!, line!, cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Slack shows "/incident failed" when an app errors; the sandbox says the same, never a stack trace.
            SandboxLog.CommandFailed(logger, exception, line!.Command);
            return TypedResults.Problem(
                "The bot failed to handle the command; the server log says why.",
                statusCode: StatusCodes.Status500InternalServerError,
                title: "Command failed");
        }
    }

    internal static async Task<Results<Created<SandboxMessageResponse>, ValidationProblem, ProblemHttpResult>> PostMessageAsync(
        HttpRequest request, SandboxChat chat, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadAsync(request, SandboxJsonContext.Default.SandboxPostRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var user = CheckUser(body!.User, errors);
        CheckChannel(body.Channel, errors);
        var text = CheckText(body.Text, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Created((string?)null, await chat.PostAsync(user!, body.Channel!, text!, cancellationToken));
    }

    internal static async Task<Results<Ok<SandboxMessageResponse>, ValidationProblem, ProblemHttpResult>> EditMessageAsync(
        long id, HttpRequest request, SandboxChat chat, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadAsync(request, SandboxJsonContext.Default.SandboxEditRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var user = CheckUser(body!.User, errors);
        var text = CheckText(body.Text, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (found, notFound) = await FindOwnAsync(id, user!, chat, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        return await chat.EditAsync(found!, text!, cancellationToken) is { } edited ? TypedResults.Ok(edited) : MessageNotFound(id);
    }

    internal static async Task<Results<Ok<SandboxMessageResponse>, ValidationProblem, ProblemHttpResult>> DeleteMessageAsync(
        long id, string? user, SandboxChat chat, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var person = CheckUser(user, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (found, notFound) = await FindOwnAsync(id, person!, chat, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        return await chat.DeleteAsync(found!, cancellationToken) is { } deleted ? TypedResults.Ok(deleted) : MessageNotFound(id);
    }

    internal static async Task<Results<Ok<SandboxMessageResponse>, ValidationProblem, ProblemHttpResult>> PinMessageAsync(
        long id, HttpRequest request, SandboxChat chat, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadAsync(request, SandboxJsonContext.Default.SandboxUserRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await SetPinnedAsync(id, body!.User, pinned: true, chat, cancellationToken);
    }

    internal static Task<Results<Ok<SandboxMessageResponse>, ValidationProblem, ProblemHttpResult>> UnpinMessageAsync(
        long id, string? user, SandboxChat chat, CancellationToken cancellationToken) =>
        SetPinnedAsync(id, user, pinned: false, chat, cancellationToken);

    private static async Task<Results<Ok<SandboxMessageResponse>, ValidationProblem, ProblemHttpResult>> SetPinnedAsync(
        long id, string? user, bool pinned, SandboxChat chat, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var person = CheckUser(user, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var found = await chat.FindAsync(id, cancellationToken);
        if (found is not { DeletedAt: null })
        {
            return MessageNotFound(id);
        }

        if (found.FromBot)
        {
            return TypedResults.Problem("Only people's messages can be pinned to the timeline.", statusCode: StatusCodes.Status400BadRequest, title: "Not a person's message");
        }

        return await chat.SetPinnedAsync(found, person!, pinned, cancellationToken) is { } changed ? TypedResults.Ok(changed) : MessageNotFound(id);
    }

    /// <summary>Only a message's author edits or deletes it, as on Slack.</summary>
    private static async Task<(Core.Sandbox.SandboxMessage? Message, ProblemHttpResult? Problem)> FindOwnAsync(
        long id, Person user, SandboxChat chat, CancellationToken cancellationToken)
    {
        var found = await chat.FindAsync(id, cancellationToken);
        if (found is not { DeletedAt: null })
        {
            return (null, MessageNotFound(id));
        }

        if (found.FromBot)
        {
            return (null, TypedResults.Problem("The bot's messages cannot be edited or deleted.", statusCode: StatusCodes.Status403Forbidden, title: "Not your message"));
        }

        if (!string.Equals(found.AuthorId, user.Id, StringComparison.Ordinal))
        {
            return (null, TypedResults.Problem(
                $"Message {id} was written by {found.AuthorName}; only they can change it.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Not your message"));
        }

        return (found, null);
    }

    private static ProblemHttpResult MessageNotFound(long id) =>
        TypedResults.Problem(
            string.Create(CultureInfo.InvariantCulture, $"There is no message {id} (or it was deleted)."),
            statusCode: StatusCodes.Status404NotFound,
            title: "Unknown message");

    /// <summary><c>/incident declare DB down sev2</c> → <c>incident</c>, <c>declare DB down sev2</c>.</summary>
    internal static SandboxCommandLine? ParseCommand(string text, out string? error)
    {
        var typed = text.Trim();
        var end = typed.IndexOfAny([' ', '\t', '\r', '\n']);
        var word = (end < 0 ? typed : typed[..end]).ToLowerInvariant();
        var arguments = end < 0 ? string.Empty : typed[(end + 1)..].Trim();
        if (word is "/incident" or "/postmortem")
        {
            error = null;
            return new SandboxCommandLine(typed, word[1..], arguments);
        }

        error = "A command starts with /incident or /postmortem (try /incident help).";
        return null;
    }

    private static Person? CheckUser(string? user, Dictionary<string, string[]> errors)
    {
        if (SandboxNames.ValidateUserName(user, out var name) is { } error)
        {
            errors["user"] = [error];
            return null;
        }

        return new Person(SandboxNames.UserId(name), name);
    }

    /// <summary>An optional viewer name (<c>?viewer=alice</c>): trimmed, or null when none is given.</summary>
    internal static string? CheckViewer(string? viewer, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(viewer))
        {
            return null;
        }

        if (SandboxNames.ValidateUserName(viewer, out var name) is { } error)
        {
            errors["viewer"] = [error];
            return null;
        }

        return name;
    }

    private static void CheckChannel(string? channel, Dictionary<string, string[]> errors)
    {
        if (!SandboxNames.IsValidChannel(channel))
        {
            errors["channel"] = [string.Create(
                CultureInfo.InvariantCulture,
                $"A channel name is 1 to {SandboxNames.MaxChannelLength} lowercase letters, digits, dashes or underscores, starting with a letter or digit.")];
        }
    }

    private static string? CheckText(string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors["text"] = ["Text is required."];
            return null;
        }

        if (text.Length > MaxTextLength)
        {
            errors["text"] = [string.Create(CultureInfo.InvariantCulture, $"Text is at most {MaxTextLength} characters; this is {text.Length}.")];
            return null;
        }

        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors["text"] = ["Text cannot contain control characters."];
            return null;
        }

        return text.Trim();
    }

    private static long ParseCursor(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return 0;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor))
        {
            return cursor;
        }

        errors[name] = [$"'{name}' is a whole number of zero or more."];
        return 0;
    }

    /// <summary>
    /// Reads a JSON body of at most 64 KiB. Only <c>application/json</c> is accepted, which also means a
    /// cross-site page cannot post here without a CORS preflight (and the sandbox allows none).
    /// </summary>
    private static async Task<(T? Body, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem("Send a JSON body with Content-Type: application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "JSON expected"));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var body = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
            return body is null
                ? (null, TypedResults.Problem("The body is JSON null; send an object.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid JSON"))
                : (body, null);
        }
        catch (JsonException)
        {
            return (null, TypedResults.Problem("The body is not the JSON object this endpoint expects.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid JSON"));
        }
    }

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem("The body is larger than 64 KiB.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large");
}

/// <summary>The channel from the route; who is looking and the polling cursors from the query string.</summary>
internal readonly record struct SandboxMessagesQuery(string Channel, string? Viewer, string? After, string? Since);
