using System.Net.Http.Json;
using IncidentBot.Host.Sandbox;

namespace IncidentBot.Host.Tests;

/// <summary>The sandbox API as the page uses it.</summary>
internal sealed class SandboxClient(HttpClient http)
{
    public HttpClient Http => http;

    public Task<HttpResponseMessage> PostMessageAsync(string user, string channel, string text) =>
        http.PostAsJsonAsync("/sandbox/messages", new SandboxPostRequest(user, channel, text), SandboxJsonContext.Default.SandboxPostRequest);

    public Task<HttpResponseMessage> RunCommandAsync(string user, string channel, string text) =>
        http.PostAsJsonAsync("/sandbox/commands", new SandboxPostRequest(user, channel, text), SandboxJsonContext.Default.SandboxPostRequest);

    public Task<HttpResponseMessage> EditAsync(long id, string user, string text) =>
        http.PutAsJsonAsync($"/sandbox/messages/{id}", new SandboxEditRequest(user, text), SandboxJsonContext.Default.SandboxEditRequest);

    public Task<HttpResponseMessage> DeleteAsync(long id, string user) =>
        http.DeleteAsync(new Uri($"/sandbox/messages/{id}?user={Uri.EscapeDataString(user)}", UriKind.Relative));

    public Task<HttpResponseMessage> PinAsync(long id, string user) =>
        http.PostAsJsonAsync($"/sandbox/messages/{id}/pin", new SandboxUserRequest(user), SandboxJsonContext.Default.SandboxUserRequest);

    public Task<HttpResponseMessage> UnpinAsync(long id, string user) =>
        http.DeleteAsync(new Uri($"/sandbox/messages/{id}/pin?user={Uri.EscapeDataString(user)}", UriKind.Relative));

    public async Task<SandboxMessageResponse> PostedAsync(string user, string channel, string text)
    {
        var response = await PostMessageAsync(user, channel, text);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(SandboxJsonContext.Default.SandboxMessageResponse))!;
    }

    public async Task<SandboxCommandResponse> RanAsync(string user, string channel, string text)
    {
        var response = await RunCommandAsync(user, channel, text);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(SandboxJsonContext.Default.SandboxCommandResponse))!;
    }

    public async Task<SandboxMessagesResponse> MessagesAsync(string channel, string? viewer, long after = 0, long since = 0)
    {
        var query = $"after={after}&since={since}" + (viewer is null ? string.Empty : "&viewer=" + Uri.EscapeDataString(viewer));
        var response = await http.GetAsync(new Uri($"/sandbox/channels/{channel}/messages?{query}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(SandboxJsonContext.Default.SandboxMessagesResponse))!;
    }

    public async Task<IReadOnlyList<string>> ChannelsAsync()
    {
        var response = await http.GetAsync(new Uri("/sandbox/channels", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(SandboxJsonContext.Default.SandboxChannelsResponse))!.Channels;
    }

    public static async Task<SandboxMessageResponse> ReadMessageAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(SandboxJsonContext.Default.SandboxMessageResponse))!;
    }
}
