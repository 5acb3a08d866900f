using System.Globalization;
using System.Text;
using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Core.Postmortems;

/// <summary>
/// Compiles the blameless postmortem draft (DESIGN §6) from what was captured. It fills what the bot knows
/// and leaves what only people know as a prompt, never as invented prose. Pure: same material, same text.
/// </summary>
public sealed class PostmortemCompiler(WorkspaceClock clock, BlameReview blameReview)
{
    private const string Prompt = "> _Prompt:_ ";

    public CompiledPostmortem Compile(PostmortemMaterial material, CompileOptions options)
    {
        ArgumentNullException.ThrowIfNull(material);
        ArgumentNullException.ThrowIfNull(options);
        var incident = material.Incident;
        var aliases = PersonAliases.Build(material, options.ReplaceNames);
        var keyEvents = material.Timeline.Where(e => e.IsKeyEvent && !e.IsWithdrawn).Order(TimelineOrder.Instance).ToList();
        var notes = material.Notes.Where(n => n.WithdrawnAt is null).ToList();
        var flags = blameReview.Review(material);
        var doc = new Document(aliases);

        doc.Line($"# Postmortem: {incident.Reference} {Esc(aliases.Text(incident.Title))}");
        doc.Line();
        doc.Line($"_{(options.Published ? "Published" : "Draft compiled")} {clock.Format(options.CompiledAt, withDate: true)} ({Esc(clock.ZoneName)}). This is a blameless review: it asks what made the failure possible, not who caused it._");

        Metadata(doc, material, keyEvents, options);
        TlDr(doc, incident, aliases);
        KeyTimes(doc, incident);
        Impact(doc, incident, aliases);
        WhatHappened(doc, incident, keyEvents);
        Detection(doc, incident, keyEvents);
        Trigger(doc);
        ContributingFactors(doc, notes);
        Resolution(doc, incident, keyEvents);
        Responders(doc, material);
        TimelineSection(doc, keyEvents, material.Timeline.Count(e => e.Kind == TimelineEventKind.Message && !e.IsWithdrawn));
        Lessons(doc, notes);
        ActionItemsSection(doc, material.ActionItems);
        OpenQuestions(doc);
        SupportingInformation(doc, incident);
        var readiness = Readiness.Assess(material, keyEvents, notes, flags);
        ReviewRecord(doc, readiness, flags);
        return new CompiledPostmortem(doc.ToString(), readiness, flags);
    }

    private void Metadata(Document doc, PostmortemMaterial material, List<TimelineEvent> keyEvents, CompileOptions options)
    {
        var incident = material.Incident;
        var a = doc.Aliases;
        doc.Section("Metadata");
        doc.Line("| Field | Value |");
        doc.Line("|---|---|");
        doc.Row("Incident", incident.Reference);
        doc.Row("Title", a.Text(incident.Title));
        doc.Row("Status", IncidentLifecycle.Name(incident.Status));
        doc.Row("Severity", SeverityHistory(incident, keyEvents));
        doc.Row("Owner (incident commander)", incident.Commander is null ? "not assigned" : a.Name(incident.Commander));
        doc.Row("Facilitator", material.Review?.Facilitator is { } facilitator ? a.Name(facilitator) : "not chosen yet");
        doc.Row("Review", material.Review is { } review ? $"{clock.Format(review.At, withDate: true)} ({clock.ZoneName})" : "not scheduled yet");
        doc.Row("Channel", "#" + incident.Channel.Name);
        doc.Row("Declared", $"{clock.Format(incident.DeclaredAt, withDate: true)} by {a.Name(incident.DeclaredBy)}");
        doc.Row("Document", options.Published ? "published" : "draft");
    }

    private static string SeverityHistory(Incident incident, List<TimelineEvent> keyEvents)
    {
        var changes = keyEvents.Where(e => e.Kind == TimelineEventKind.SeverityChanged).ToList();
        return changes.Count == 0
            ? IncidentLifecycle.Name(incident.Severity)
            : $"{IncidentLifecycle.Name(incident.Severity)} ({string.Join("; ", changes.Select(c => c.Text))})";
    }

    private static void TlDr(Document doc, Incident incident, PersonAliases aliases)
    {
        doc.Section("TL;DR");
        if (incident.Summary is { } summary)
        {
            doc.Line(MarkdownText.Block(aliases.Text(summary)));
        }
        else
        {
            doc.Line(Prompt + "In two or three sentences: what happened, what did users experience, and how did it end? (`/incident summary …`)");
        }
    }

    private void KeyTimes(Document doc, Incident incident)
    {
        var t = incident.Times;
        doc.Section("Key times");
        doc.Line($"| Moment | Time ({Esc(clock.ZoneName)}) |");
        doc.Line("|---|---|");
        doc.Row("Impact started", When(t.ImpactStartedAt, "not recorded (set it with /incident keytime impact-start HH:MM)"));
        doc.Row("Detected", When(t.DetectedAt, "not recorded"));
        doc.Row("Acknowledged", When(t.AcknowledgedAt, "not recorded"));
        doc.Row("Mitigated", When(t.MitigatedAt, "not yet"));
        doc.Row("Resolved", When(t.ResolvedAt, "not yet"));
        doc.Line();
        var start = t.ImpactStartedAt ?? t.DetectedAt;
        doc.Line("| Duration | Length |");
        doc.Line("|---|---|");
        doc.Row("Time to detect", Between(t.ImpactStartedAt, t.DetectedAt));
        doc.Row("Time to acknowledge", Between(t.DetectedAt, t.AcknowledgedAt));
        doc.Row("Time to mitigate", Between(start, t.MitigatedAt));
        doc.Row("Time to resolve", Between(start, t.ResolvedAt));
        doc.Row("Total impact", Between(start, t.MitigatedAt ?? t.ResolvedAt));
        if (t.ImpactStartedAt is null)
        {
            doc.Line();
            doc.Line("Durations are measured from detection because the start of impact was not recorded; set it to measure time to detect.");
        }
    }

    private static void Impact(Document doc, Incident incident, PersonAliases aliases)
    {
        doc.Section("Impact");
        doc.Line(incident.Impact is { } impact
            ? MarkdownText.Block(aliases.Text(impact))
            : Prompt + "Who or what was affected, how many, for how long, and how do we know? Include customer-facing and internal effects. (`/incident impact …`)");
    }

    private void WhatHappened(Document doc, Incident incident, List<TimelineEvent> keyEvents)
    {
        doc.Section("What happened");
        doc.Line("What the record shows:");
        doc.Line();
        doc.Line($"- {incident.Reference} was declared at {clock.Format(incident.DeclaredAt, withDate: true)} as {IncidentLifecycle.Name(InitialSeverity(incident, keyEvents))}.");
        foreach (var change in keyEvents.Where(e => e.Kind is TimelineEventKind.StatusChanged or TimelineEventKind.SeverityChanged or TimelineEventKind.Resolved or TimelineEventKind.Reopened))
        {
            doc.Line($"- {clock.Format(change.OccurredAt, withDate: true)}: {Esc(doc.Aliases.Text(change.Text))}");
        }

        doc.Line();
        doc.Line(Prompt + "Tell the story in a few paragraphs, in the order people experienced it: what they saw, what they believed was happening, and why their next step made sense at the time.");
    }

    private static Severity InitialSeverity(Incident incident, List<TimelineEvent> keyEvents)
    {
        var firstChange = keyEvents.FirstOrDefault(e => e.Kind == TimelineEventKind.SeverityChanged);
        if (firstChange is null)
        {
            return incident.Severity;
        }

        // "Severity: SEV3 → SEV1": the first change names where it started.
        var from = firstChange.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? string.Empty;
        return Enum.TryParse<Severity>(from, ignoreCase: true, out var initial) ? initial : incident.Severity;
    }

    private void Detection(Document doc, Incident incident, List<TimelineEvent> keyEvents)
    {
        doc.Section("Detection");
        var detected = incident.Times.DetectedAt ?? incident.DeclaredAt;
        var earliest = keyEvents.FirstOrDefault();
        doc.Line(detected == incident.DeclaredAt
            ? $"Detected and declared at {clock.Format(detected, withDate: true)} by {doc.Aliases.Name(incident.DeclaredBy)}."
            : $"Detected at {clock.Format(detected, withDate: true)}; declared by {doc.Aliases.Name(incident.DeclaredBy)} at {clock.Format(incident.DeclaredAt, withDate: true)}.");
        if (earliest is not null && earliest.OccurredAt < detected)
        {
            doc.Line($"The earliest recorded sign is from {clock.Format(earliest.OccurredAt, withDate: true)}: {Esc(doc.Aliases.Text(earliest.Text))}");
        }

        doc.Line();
        doc.Line(Prompt + "How did we find out: an alert, a dashboard, a customer, a colleague? What would have told us sooner, and what made the signal hard to see?");
    }

    private static void Trigger(Document doc)
    {
        doc.Section("Trigger");
        doc.Line(Prompt + "What change or event set this off (a deploy, a configuration change, a traffic pattern, a dependency)? A trigger is not a cause: note it here and put what made the system vulnerable under contributing factors.");
    }

    private static void ContributingFactors(Document doc, List<PostmortemNote> notes)
    {
        doc.Section("Contributing factors");
        var factors = notes.Where(n => n.Kind == PostmortemNoteKind.Factor).ToList();
        if (factors.Count == 0)
        {
            doc.Line(Prompt + "What conditions made this possible? Look for several: technology, process, information, incentives, timing. (`/postmortem factor …`)");
        }
        else
        {
            // Numbered, because action items name the factor they address (factor:2).
            for (var i = 0; i < factors.Count; i++)
            {
                doc.Line($"{Num(i + 1)}. {Esc(doc.Aliases.Text(factors[i].Text))}");
            }

            if (factors.Count == 1)
            {
                doc.Line();
                doc.Line(Prompt + "Incidents rarely have a single cause. What else had to be true for this to happen?");
            }
        }

        doc.Line();
        doc.Line("### 5 Whys");
        doc.Line();
        var whys = notes.Where(n => n.Kind == PostmortemNoteKind.Why).ToList();
        if (whys.Count == 0)
        {
            doc.Line(Prompt + "Start from the impact and ask why, five times, about the system rather than the people in it. (`/postmortem why …`)");
            return;
        }

        for (var i = 0; i < whys.Count; i++)
        {
            doc.Line(string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {Esc(doc.Aliases.Text(whys[i].Text))}"));
        }

        if (whys.Count < 5)
        {
            doc.Line();
            doc.Line(Prompt + $"The chain has {whys.Count} step{(whys.Count == 1 ? string.Empty : "s")}. Why did the last one happen?");
        }
    }

    private void Resolution(Document doc, Incident incident, List<TimelineEvent> keyEvents)
    {
        doc.Section("Resolution and recovery");
        var t = incident.Times;
        if (t.MitigatedAt is { } mitigated)
        {
            doc.Line($"- Mitigated at {clock.Format(mitigated, withDate: true)}.");
        }

        if (t.ResolvedAt is { } resolved)
        {
            doc.Line($"- Resolved at {clock.Format(resolved, withDate: true)}.");
        }

        foreach (var resolution in keyEvents.Where(e => e.Kind == TimelineEventKind.Resolved))
        {
            doc.Line($"- {Esc(doc.Aliases.Text(resolution.Text))} ({doc.Aliases.Name(resolution.Author)})");
        }

        if (t.MitigatedAt is null && t.ResolvedAt is null)
        {
            doc.Line("- The incident is not mitigated yet.");
        }

        doc.Line();
        doc.Line(Prompt + "What stopped the impact, and what restored full service? What helped, and what made recovery slower than it could have been?");
    }

    private static void Responders(Document doc, PostmortemMaterial material)
    {
        doc.Section("Responders and roles");
        doc.Line("| Person | Role | Channel messages | Key events | Own account |");
        doc.Line("|---|---|---|---|---|");
        foreach (var row in CollectResponders(material))
        {
            doc.Line($"| {Esc(doc.Aliases.Name(row.Person))} | {Esc(row.Roles.Count == 0 ? "responder" : string.Join(", ", row.Roles))} | {Num(row.Messages)} | {Num(row.KeyEvents)} | {(row.Perspective ? "yes" : "not yet")} |");
        }
    }

    /// <summary>Everyone who took part, in order of first appearance: roles first, then timeline and notes.</summary>
    private static List<ResponderRow> CollectResponders(PostmortemMaterial material)
    {
        var incident = material.Incident;
        var people = new Dictionary<string, ResponderRow>(StringComparer.Ordinal);
        ResponderRow Row(Person person)
        {
            if (!people.TryGetValue(person.Id, out var row))
            {
                row = new ResponderRow(person);
                people[person.Id] = row;
            }

            return row;
        }

        Row(incident.DeclaredBy).Roles.Add("declared");
        foreach (var (holder, role) in new[] { (incident.Commander, "incident commander"), (incident.Comms, "comms"), (incident.Scribe, "scribe"), (material.Review?.Facilitator, "facilitator") })
        {
            if (holder is not null)
            {
                Row(holder).Roles.Add(role);
            }
        }

        foreach (var timelineEvent in material.Timeline.Where(e => !e.IsWithdrawn))
        {
            var row = Row(timelineEvent.Author);
            if (timelineEvent.Kind == TimelineEventKind.Message)
            {
                row.Messages++;
            }
            else
            {
                row.KeyEvents++;
            }
        }

        foreach (var note in material.Notes.Where(n => n.Kind == PostmortemNoteKind.Perspective && n.WithdrawnAt is null))
        {
            Row(note.Author).Perspective = true;
        }

        return [.. people.Values];
    }

    private void TimelineSection(Document doc, List<TimelineEvent> keyEvents, int transcriptCount)
    {
        doc.Section("Timeline");
        var days = keyEvents.Select(e => clock.LocalDate(e.OccurredAt)).Distinct().Count();
        var withDate = days > 1;
        doc.Line(transcriptCount == 0
            ? $"Key events in {Esc(clock.ZoneName)}, in the order they happened. No channel messages were captured."
            : $"Key events in {Esc(clock.ZoneName)}, in the order they happened. The channel transcript holds {Num(transcriptCount)} more message{(transcriptCount == 1 ? string.Empty : "s")}.");
        doc.Line();
        if (keyEvents.Count == 0)
        {
            doc.Line(Prompt + "Nothing is on the timeline. Add key events with `/incident timeline HH:MM …` or pin messages in the incident channel.");
            return;
        }

        var onlyDate = withDate || keyEvents.Count == 0 ? string.Empty : $" on {clock.LocalDate(keyEvents[0].OccurredAt):yyyy-MM-dd}";
        doc.Line($"| Time{onlyDate} | Event | By | Source | Link |");
        doc.Line("|---|---|---|---|---|");
        foreach (var e in keyEvents)
        {
            var text = Esc(doc.Aliases.Text(e.Text)) + (e.EditedAt is null ? string.Empty : " _(edited)_");
            var link = e.Link is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                ? $"[message](<{uri.AbsoluteUri.Replace(">", "%3E", StringComparison.Ordinal)}>)"
                : string.Empty;
            doc.Line($"| {clock.Format(e.OccurredAt, withDate)} | {text} | {Esc(doc.Aliases.Name(e.Author))} | {Source(e.Kind)} | {link} |");
        }
    }

    private static string Source(TimelineEventKind kind) => kind switch
    {
        TimelineEventKind.Note => "timeline command",
        TimelineEventKind.Pinned => "pinned message",
        _ => IncidentReplies.Label(kind),
    };

    private static void Lessons(Document doc, List<PostmortemNote> notes)
    {
        doc.Section("Lessons learned");
        LessonList(doc, "What went well", notes, PostmortemNoteKind.WentWell, "What helped? Tools, people, practices worth keeping. (`/postmortem learned well …`)");
        LessonList(doc, "What went wrong", notes, PostmortemNoteKind.WentWrong, "What made detection, diagnosis or recovery harder? (`/postmortem learned wrong …`)");
        LessonList(doc, "Where we got lucky", notes, PostmortemNoteKind.Lucky, "What went our way that we should not count on next time? (`/postmortem learned lucky …`)");

        doc.Line("### Why we were surprised");
        doc.Line();
        doc.Line(Prompt + "Which of our beliefs about the system turned out to be wrong? Read the participant perspectives below for what people expected.");
        doc.Line();

        doc.Line("### Participant perspectives");
        doc.Line();
        var perspectives = notes.Where(n => n.Kind == PostmortemNoteKind.Perspective).ToList();
        if (perspectives.Count == 0)
        {
            doc.Line(Prompt + "Each responder: what did you see first, what did you assume, what surprised you, what helped, what made it harder? (`/postmortem contribute …`)");
            doc.Line();
            return;
        }

        foreach (var perspective in perspectives)
        {
            doc.Line($"**{Esc(doc.Aliases.Name(perspective.Author))}:**\\");
            doc.Line(MarkdownText.Block(doc.Aliases.Text(perspective.Text)));
            doc.Line();
        }
    }

    private static void LessonList(Document doc, string heading, List<PostmortemNote> notes, PostmortemNoteKind kind, string prompt)
    {
        doc.Line("### " + heading);
        doc.Line();
        var items = notes.Where(n => n.Kind == kind).ToList();
        if (items.Count == 0)
        {
            doc.Line(Prompt + prompt);
        }

        foreach (var item in items)
        {
            doc.Line($"- {Esc(doc.Aliases.Text(item.Text))}");
        }

        doc.Line();
    }

    private static void ActionItemsSection(Document doc, IReadOnlyList<ActionItem> items)
    {
        doc.Section("Action items");
        if (items.Count == 0)
        {
            doc.Line(Prompt + "What will we change so this cannot happen the same way, or is found and fixed faster? Each item owned, dated and measurable. (`/postmortem action <title> owner:@person due:<date>`)");
            return;
        }

        doc.Line("| ID | Action | Type | Owner | Priority | Due | Status | Link |");
        doc.Line("|---|---|---|---|---|---|---|---|");
        foreach (var item in items.OrderBy(i => i.Number))
        {
            var status = item.Status switch
            {
                ActionItemStatus.Done => "done",
                ActionItemStatus.Dropped => "dropped: " + Esc(item.DropReason ?? "no reason given"),
                _ => "open",
            };
            var link = item.Link is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                ? $"[link](<{uri.AbsoluteUri.Replace(">", "%3E", StringComparison.Ordinal)}>)"
                : string.Empty;
            var due = item.DueOn is { } date ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "**no due date**";
            var owner = item.Owner is null ? "**no owner**" : Esc(doc.Aliases.Name(item.Owner));
            var addresses = item.Factor is { } factor ? $" (factor {Num(factor)})" : string.Empty;
            doc.Line($"| {item.Reference} | {Esc(doc.Aliases.Text(item.Title))}{addresses} | {item.Type.ToString().ToLowerInvariant()} | {owner} | {item.Priority} | {due} | {status} | {link} |");
        }
    }

    private static void OpenQuestions(Document doc)
    {
        doc.Section("Open questions");
        doc.Line(Prompt + "What do we still not understand? Who could find out, and by when?");
    }

    private static void SupportingInformation(Document doc, Incident incident)
    {
        doc.Section("Supporting information");
        doc.Line($"- Incident channel: #{Esc(incident.Channel.Name)}");
        doc.Line();
        doc.Line(Prompt + "Link the dashboards, graphs, logs, tickets and documents that tell this story.");
    }

    private static void ReviewRecord(Document doc, Readiness readiness, IReadOnlyList<BlameFlag> flags)
    {
        doc.Section("Review record");
        doc.Line("### Readiness checklist");
        doc.Line();
        foreach (var check in readiness.Checks)
        {
            doc.Line($"- [{(check.Met ? "x" : " ")}] {check.Name}{(check.Met ? string.Empty : " — " + check.Advice)}");
        }

        doc.Line();
        doc.Line("### Blameless-language check");
        doc.Line();
        if (flags.Count == 0)
        {
            doc.Line("No blame-driven language found in the summary, impact, timeline notes, contributions, factors or lessons.");
            return;
        }

        doc.Line(string.Create(CultureInfo.InvariantCulture, $"{flags.Count} passage{(flags.Count == 1 ? string.Empty : "s")} could read as blame. Consider reframing them toward the system:"));
        doc.Line();
        foreach (var flag in flags)
        {
            doc.Line($"- {Esc(flag.Place)}, {Esc(doc.Aliases.Name(flag.Author))}: “{Esc(doc.Aliases.Text(flag.Finding.Matched))}” ({Esc(flag.Finding.Explanation)}) — {Esc(flag.Finding.Suggestion)}");
        }
    }

    private string When(DateTimeOffset? at, string missing) => at is { } value ? clock.Format(value, withDate: true) : missing;

    private static string Between(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } start && to is { } end ? IncidentReplies.Duration(end - start) : "not known yet";

    private static string Esc(string text) => MarkdownText.Inline(text);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class ResponderRow(Person person)
    {
        public Person Person { get; } = person;
        public List<string> Roles { get; } = [];
        public int Messages { get; set; }
        public int KeyEvents { get; set; }
        public bool Perspective { get; set; }
    }

    /// <summary>The Markdown being written; cells and rows escape what they are given.</summary>
    private sealed class Document(PersonAliases aliases)
    {
        private readonly StringBuilder _text = new(64 * 1024);

        public PersonAliases Aliases { get; } = aliases;

        public void Line(string line = "") => _text.Append(line).Append('\n');

        public void Section(string title)
        {
            // One blank line before a heading, whatever the previous section ended with.
            if (_text.Length < 2 || _text[^2] != '\n')
            {
                Line();
            }

            Line("## " + title);
            Line();
        }

        /// <summary>A two-column row whose value is captured or generated text.</summary>
        public void Row(string label, string value) => Line($"| {label} | {MarkdownText.Inline(value)} |");

        public override string ToString() => _text.ToString();
    }
}

/// <summary>A compiled draft with what the Review record found.</summary>
public sealed record CompiledPostmortem(string Markdown, Readiness Readiness, IReadOnlyList<BlameFlag> BlameFlags);
