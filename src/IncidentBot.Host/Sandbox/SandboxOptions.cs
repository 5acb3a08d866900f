namespace IncidentBot.Host.Sandbox;

public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>
    /// Unset: the sandbox (<c>/</c> and <c>/sandbox/*</c>) is on only while the host listens on loopback
    /// addresses alone. <c>true</c>: on wherever the host listens (it has no sign-in: anyone who can reach the
    /// host can use it). <c>false</c>: off everywhere. The postmortem pages under <c>/incidents/…</c> follow the
    /// same rule until the web archive adds sign-in.
    /// </summary>
    public bool? Enabled { get; set; }
}
