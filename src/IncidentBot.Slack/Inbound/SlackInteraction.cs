using IncidentBot.Core.Commands;

namespace IncidentBot.Slack.Inbound;

/// <summary>What an interactivity payload means to IncidentBot.</summary>
internal abstract record SlackInteraction;

/// <summary>A button whose value is a command (<c>/postmortem draft</c>): run it as if it had been typed.</summary>
internal sealed record ButtonCommandInteraction(ChatCommand Command) : SlackInteraction;

/// <summary>The declare modal was submitted with a title.</summary>
internal sealed record DeclareSubmittedInteraction(ChatCommand Command, string? Summary) : SlackInteraction;

/// <summary>The declare modal was submitted with errors, keyed by input block id.</summary>
internal sealed record DeclareInvalidInteraction(IReadOnlyDictionary<string, string> Errors) : SlackInteraction;

internal sealed record IgnoredInteraction(string Reason) : SlackInteraction;
