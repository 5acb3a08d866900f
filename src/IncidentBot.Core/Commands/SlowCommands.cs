using IncidentBot.Core.Commands.Parsing;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Postmortems;

namespace IncidentBot.Core.Commands;

/// <summary>
/// Which commands take longer than a chat platform waits for its answer (Slack: three seconds), so that an adapter
/// acknowledges them at once and runs them afterwards from a durable queue: a declare that opens a channel of its
/// own (the platform's API is called several times), and compiling a postmortem draft or publishing one (the whole
/// timeline and transcript are read). Pure and platform-neutral: it looks only at the command's words, never at
/// stored state, so input that does not parse is not slow; it is answered at once with its usage error.
/// </summary>
public static class SlowCommands
{
    /// <summary>
    /// Null when <paramref name="command"/> is answered as it runs; otherwise the acknowledgement to answer with now.
    /// Running the command later gives its real reply, which says the same thing again when it failed.
    /// </summary>
    /// <param name="opensNewChannels">The platform's <c>IIncidentChannels.OpensNewChannels</c>.</param>
    public static Reply? Acknowledgement(ChatCommand command, bool opensNewChannels)
    {
        ArgumentNullException.ThrowIfNull(command);
        switch (command.Command.Trim().TrimStart('/').ToLowerInvariant())
        {
            case "incident" when opensNewChannels:
                return IncidentCommandParser.Parse(command.Text).Command is DeclareCommand declare
                    ? Reply.InChannel(new TextBlock(
                        $"Declaring “{declare.Title}” ({IncidentLifecycle.Name(declare.Severity ?? CommandService.DefaultSeverity)})… the incident channel is being opened."))
                    : null;
            case "postmortem":
                var parsed = PostmortemCommandParser.Parse(command.Text).Command;
                var whose = parsed?.IncidentNumber is { } number ? $"INC-{number}'s postmortem" : "this incident's postmortem";
                var where = parsed?.IncidentNumber is null ? "here" : "in the incident's channel";
                return parsed?.Verb switch
                {
                    PostmortemVerb.Draft => Reply.Private(new TextBlock($"Compiling the draft of {whose}; it will be posted {where} in a moment.")),
                    PostmortemVerb.Publish => Reply.Private(new TextBlock(parsed.ReplaceNames
                        ? $"Publishing {whose} with names replaced by incident roles; it will be posted {where} in a moment."
                        : $"Publishing {whose}; it will be posted {where} in a moment.")),
                    _ => null,
                };
            default:
                return null;
        }
    }
}
