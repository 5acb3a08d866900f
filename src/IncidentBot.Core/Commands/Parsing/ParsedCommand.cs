using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Commands.Parsing;

/// <summary>An <c>/incident</c> command that parsed. <see cref="IncidentNumber"/> is the <c>INC-42</c> selector, if typed.</summary>
public abstract record ParsedCommand
{
    public int? IncidentNumber { get; init; }
}

public sealed record DeclareCommand(string Title, Severity? Severity) : ParsedCommand;

public sealed record TimelineAddCommand(string Text, LocalTimeSpec? At) : ParsedCommand;

public sealed record TimelineShowCommand : ParsedCommand;

public sealed record StatusCommand(IncidentStatus Status, string? Note) : ParsedCommand;

public sealed record SeverityCommand(Severity Severity) : ParsedCommand;

public sealed record RoleCommand(IncidentRole Role, Person Person) : ParsedCommand;

public sealed record SummaryCommand(string Text) : ParsedCommand;

public sealed record ImpactCommand(string Text) : ParsedCommand;

public sealed record KeyTimeCommand(KeyTime Which, LocalTimeSpec At) : ParsedCommand;

public sealed record ResolveCommand(string? Note) : ParsedCommand;

public sealed record ShowCommand : ParsedCommand;

public sealed record ListCommand(bool IncludeResolved) : ParsedCommand;

public sealed record HelpCommand(string? Verb) : ParsedCommand;

/// <summary>Why a command did not parse, with the usage of the verb it was meant for.</summary>
public sealed record ParseFailure(string Verb, string Message, string Usage);
