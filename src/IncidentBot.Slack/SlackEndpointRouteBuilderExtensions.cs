using IncidentBot.Slack.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IncidentBot.Slack;

public static class SlackEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /slack/commands</c>, <c>/slack/events</c> and <c>/slack/interactions</c>, all behind Slack request
    /// verification. Without a signing secret (Socket Mode, or Slack off) every request gets 401.
    /// </summary>
    public static RouteGroupBuilder MapSlack(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/slack");
        group.AddEndpointFilter<SlackVerificationFilter>();
        group.MapPost("/commands", SlackEndpoints.HandleCommandAsync).WithName("SlackCommands");
        group.MapPost("/events", SlackEndpoints.HandleEventAsync).WithName("SlackEvents");
        group.MapPost("/interactions", SlackEndpoints.HandleInteractionAsync).WithName("SlackInteractions");
        return group;
    }
}
