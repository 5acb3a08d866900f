using IncidentBot.Core.Incidents;
using IncidentBot.Core.Reviews;

namespace IncidentBot.Core.Ports;

/// <summary>Reviews, the facilitator pool and workspace review settings, scoped by workspace like every store.</summary>
public interface IReviewStore
{
    /// <summary>The incident's review (cancelled or not), or null when none was ever booked.</summary>
    Task<Review?> GetAsync(string workspace, long incidentId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new review (<see cref="Review.Id"/> 0; <see cref="KeyNotFoundException"/> when the workspace has no such
    /// incident) or a changed one. Fails with <see cref="ConcurrencyConflictException"/> when the incident has a
    /// review already (for a new one) or the stored version is no longer <see cref="Review.Version"/>. Returns the
    /// review at its new version.
    /// </summary>
    Task<Review> SaveAsync(Review review, CancellationToken cancellationToken);

    /// <summary>Reviews with an accepted facilitator that are not cancelled, oldest first: who facilitated when.</summary>
    Task<IReadOnlyList<Facilitation>> ListFacilitationsAsync(string workspace, CancellationToken cancellationToken);

    /// <summary>Adds someone to the pool; false when they are in it already.</summary>
    Task<bool> AddFacilitatorAsync(string workspace, Person person, DateTimeOffset addedAt, CancellationToken cancellationToken);

    /// <summary>Removes someone from the pool; false when they were not in it.</summary>
    Task<bool> RemoveFacilitatorAsync(string workspace, string personId, CancellationToken cancellationToken);

    /// <summary>The pool, in the order people were added.</summary>
    Task<IReadOnlyList<PoolMember>> ListFacilitatorsAsync(string workspace, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the review as <see cref="SaveAsync"/> does and, in the same transaction, records that <paramref name="passed"/>,
    /// asked to facilitate it, passed (idempotent). When the save fails (a conflict), no pass is recorded.
    /// </summary>
    Task<Review> SaveWithPassAsync(Review review, Person passed, DateTimeOffset passedAt, CancellationToken cancellationToken);

    /// <summary>The ids of people who passed on facilitating the review.</summary>
    Task<IReadOnlyList<string>> ListPassesAsync(string workspace, long reviewId, CancellationToken cancellationToken);

    /// <summary>Sets (or, with null, clears) the channel the workspace's overdue digest goes to.</summary>
    Task SetDigestChannelAsync(string workspace, ChannelRef? channel, DateTimeOffset at, CancellationToken cancellationToken);

    Task<ChannelRef?> GetDigestChannelAsync(string workspace, CancellationToken cancellationToken);

    /// <summary>
    /// Every workspace that has a digest channel. The one query across workspaces: the reminder job plans each
    /// workspace's digest from it, and everything it then reads is scoped to that workspace.
    /// </summary>
    Task<IReadOnlyList<DigestSubscription>> ListDigestSubscriptionsAsync(CancellationToken cancellationToken);
}

public sealed record DigestSubscription(string Workspace, ChannelRef Channel);
