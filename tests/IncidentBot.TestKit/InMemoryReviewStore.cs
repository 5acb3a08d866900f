using System.Globalization;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Reviews;

namespace IncidentBot.TestKit;

/// <summary>
/// <see cref="IReviewStore"/> in memory, with the semantics of the SQL store (the storage contract tests run against
/// both): one review per incident of <paramref name="incidents"/> in the same workspace, optimistic versions,
/// instants in UTC to the microsecond. Thread-safe; every call is atomic.
/// </summary>
public sealed class InMemoryReviewStore(InMemoryIncidentStore incidents) : IReviewStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Review> _reviews = [];
    private readonly List<(string Workspace, PoolMember Member)> _pool = [];
    private readonly HashSet<(string Workspace, long ReviewId, string PersonId)> _passes = [];
    private readonly Dictionary<string, ChannelRef> _digests = new(StringComparer.Ordinal);
    private long _lastId;
    private Func<Task>? _beforeNextSave;

    public Task<Review?> GetAsync(string workspace, long incidentId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_reviews.Values.FirstOrDefault(r => IsIn(r.Workspace, workspace) && r.IncidentId == incidentId));
        }
    }

    /// <summary>
    /// Runs <paramref name="change"/> when the next save arrives, before it takes effect: what another replica's
    /// change landing just then looks like.
    /// </summary>
    public void BeforeNextSave(Func<Task> change) => _beforeNextSave = change;

    public async Task<Review> SaveAsync(Review review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        if (Interlocked.Exchange(ref _beforeNextSave, null) is { } change)
        {
            await change();
        }

        if (!incidents.HasIncident(review.Workspace, review.IncidentId))
        {
            throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"Workspace '{review.Workspace}' has no incident with id {review.IncidentId}."));
        }

        lock (_gate)
        {
            Review saved;
            if (review.Id == 0)
            {
                if (_reviews.Values.Any(r => IsIn(r.Workspace, review.Workspace) && r.IncidentId == review.IncidentId))
                {
                    throw new ConcurrencyConflictException("The incident has a review already; read it and change that one.");
                }

                saved = Stored(review) with { Id = ++_lastId, Version = 1 };
            }
            else
            {
                if (!_reviews.TryGetValue(review.Id, out var stored) || !IsIn(stored.Workspace, review.Workspace) || stored.IncidentId != review.IncidentId)
                {
                    throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"Workspace '{review.Workspace}' has no review with id {review.Id}."));
                }

                if (stored.Version != review.Version)
                {
                    throw new ConcurrencyConflictException("The review was changed by someone else; read it again and retry.");
                }

                saved = Stored(review) with { Version = stored.Version + 1 };
            }

            _reviews[saved.Id] = saved;
            return saved;
        }
    }

    public Task<IReadOnlyList<Facilitation>> ListFacilitationsAsync(string workspace, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Facilitation> list = [.. _reviews.Values
                .Where(r => IsIn(r.Workspace, workspace) && r is { IsCancelled: false, FacilitatorState: FacilitatorState.Accepted, Facilitator: not null })
                .Select(r => new Facilitation(r.Facilitator!, r.IncidentId, r.At, r.FacilitatorSince ?? r.BookedAt))
                .OrderBy(f => f.Since)
                .ThenBy(f => f.IncidentId)];
            return Task.FromResult(list);
        }
    }

    public Task<bool> AddFacilitatorAsync(string workspace, Person person, DateTimeOffset addedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        lock (_gate)
        {
            if (_pool.Exists(p => IsIn(p.Workspace, workspace) && IsIn(p.Member.Person.Id, person.Id)))
            {
                return Task.FromResult(false);
            }

            _pool.Add((workspace, new PoolMember(person, Stored(addedAt))));
            return Task.FromResult(true);
        }
    }

    public Task<bool> RemoveFacilitatorAsync(string workspace, string personId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_pool.RemoveAll(p => IsIn(p.Workspace, workspace) && IsIn(p.Member.Person.Id, personId)) > 0);
        }
    }

    public Task<IReadOnlyList<PoolMember>> ListFacilitatorsAsync(string workspace, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<PoolMember> members = [.. _pool.Where(p => IsIn(p.Workspace, workspace)).Select(p => p.Member)];
            return Task.FromResult(members);
        }
    }

    public async Task<Review> SaveWithPassAsync(Review review, Person passed, DateTimeOffset passedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passed);
        var saved = await SaveAsync(review, cancellationToken);
        lock (_gate)
        {
            _passes.Add((saved.Workspace, saved.Id, passed.Id));
        }

        return saved;
    }

    public Task<IReadOnlyList<string>> ListPassesAsync(string workspace, long reviewId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<string> ids = [.. _passes.Where(p => IsIn(p.Workspace, workspace) && p.ReviewId == reviewId).Select(p => p.PersonId).Order(StringComparer.Ordinal)];
            return Task.FromResult(ids);
        }
    }

    public Task SetDigestChannelAsync(string workspace, ChannelRef? channel, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (channel is null)
            {
                _digests.Remove(workspace);
            }
            else
            {
                _digests[workspace] = channel;
            }

            return Task.CompletedTask;
        }
    }

    public Task<ChannelRef?> GetDigestChannelAsync(string workspace, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_digests.GetValueOrDefault(workspace));
        }
    }

    public Task<IReadOnlyList<DigestSubscription>> ListDigestSubscriptionsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<DigestSubscription> list = [.. _digests.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => new DigestSubscription(d.Key, d.Value))];
            return Task.FromResult(list);
        }
    }

    private static bool IsIn(string value, string wanted) => string.Equals(value, wanted, StringComparison.Ordinal);

    private static DateTimeOffset Stored(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    private static DateTimeOffset? Stored(DateTimeOffset? instant) => instant is { } value ? Stored(value) : null;

    private static Review Stored(Review review) => review with
    {
        At = Stored(review.At),
        Duration = TimeSpan.FromTicks(review.Duration.Ticks - (review.Duration.Ticks % TimeSpan.TicksPerSecond)),
        FacilitatorSince = Stored(review.FacilitatorSince),
        BookedAt = Stored(review.BookedAt),
        CancelledAt = Stored(review.CancelledAt),
        DoneAt = Stored(review.DoneAt),
    };
}
