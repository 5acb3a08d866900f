namespace IncidentBot.Core.Incidents;

/// <summary>
/// Where a newly declared incident lives while the platform is still opening its channel: a placeholder that no
/// real channel matches, so that nothing said in the channel where it was declared is taken for the incident's
/// (no capture, no command finds it there). A declare that was interrupted at this point finds its incident again
/// by its delivery and opens the channel then.
/// </summary>
public static class PendingChannel
{
    private const string Prefix = "pending:";

    public static ChannelRef For(Platform platform, string? deliveryId) =>
        new(platform, Prefix + deliveryId, "channel-being-opened");

    public static bool IsPending(ChannelRef channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.Id.StartsWith(Prefix, StringComparison.Ordinal);
    }
}
