using IncidentBot.Core.Sandbox;
using IncidentBot.Storage.Tests.Postgres;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Storage.Tests.Contracts;

/// <summary>What every <see cref="ISandboxChannelStore"/> must do; runs against SQLite and the in-memory fake.</summary>
public abstract class SandboxChannelStoreContract : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private ISandboxChannelStore? _store;

    protected ISandboxChannelStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<ISandboxChannelStore> CreateStoreAsync();

    [ContractFact]
    public async Task Posting_assigns_increasing_ids_and_keeps_every_field()
    {
        var first = await Store.PostAsync(AMessage("ops", "hello"), None);
        var reply = AMessage("ops", "**INC-1** declared") with
        {
            AuthorId = "incidentbot",
            AuthorName = "IncidentBot",
            FromBot = true,
            PostedAt = new DateTimeOffset(2026, 11, 21, 13, 0, 1, TimeSpan.FromHours(1)),
        };
        var second = await Store.PostAsync(reply, None);

        first.Id.ShouldBeGreaterThan(0);
        second.Id.ShouldBeGreaterThan(first.Id);
        second.ShouldBe(reply with { Id = second.Id });
        var listed = await Store.ListAsync("ops", Alice.Id, afterId: 0, limit: 10, None);
        listed.ShouldBe([first, second]);
        listed[1].PostedAt.Offset.ShouldBe(TimeSpan.Zero);
    }

    [ContractFact]
    public async Task A_private_reply_is_listed_only_for_the_person_it_is_addressed_to()
    {
        var everyone = await Store.PostAsync(AMessage("ops", "for everyone"), None);
        var forAlice = await Store.PostAsync(AMessage("ops", "only alice") with { FromBot = true, VisibleTo = Alice.Id }, None);
        var forBob = await Store.PostAsync(AMessage("ops", "only bob") with { FromBot = true, VisibleTo = Bob.Id }, None);

        (await Store.ListAsync("ops", Alice.Id, 0, 10, None)).Select(m => m.Id).ShouldBe([everyone.Id, forAlice.Id]);
        (await Store.ListAsync("ops", Bob.Id, 0, 10, None)).Select(m => m.Id).ShouldBe([everyone.Id, forBob.Id]);
        (await Store.ListAsync("ops", "U-CAROL", 0, 10, None)).Select(m => m.Id).ShouldBe([everyone.Id]);
    }

    [ContractFact]
    public async Task Listing_pages_by_id_oldest_first()
    {
        var posted = new List<SandboxMessage>();
        for (var i = 0; i < 5; i++)
        {
            posted.Add(await Store.PostAsync(AMessage("ops", $"message {i}"), None));
        }

        var firstPage = await Store.ListAsync("ops", Alice.Id, afterId: 0, limit: 2, None);
        var secondPage = await Store.ListAsync("ops", Alice.Id, afterId: firstPage[^1].Id, limit: 2, None);
        var rest = await Store.ListAsync("ops", Alice.Id, afterId: secondPage[^1].Id, limit: 10, None);

        firstPage.Select(m => m.Body).ShouldBe(["message 0", "message 1"]);
        secondPage.Select(m => m.Body).ShouldBe(["message 2", "message 3"]);
        rest.Select(m => m.Body).ShouldBe(["message 4"]);
        (await Store.ListAsync("ops", Alice.Id, afterId: posted[^1].Id, limit: 10, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task Listing_shows_only_that_channels_messages()
    {
        await Store.PostAsync(AMessage("ops", "in ops"), None);
        await Store.PostAsync(AMessage("inc-1-checkout", "in the incident channel"), None);

        (await Store.ListAsync("ops", Alice.Id, 0, 10, None)).ShouldHaveSingleItem().Body.ShouldBe("in ops");
        (await Store.ListAsync("random", Alice.Id, 0, 10, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task Channels_are_listed_once_each_alphabetically()
    {
        await Store.PostAsync(AMessage("ops", "1"), None);
        await Store.PostAsync(AMessage("inc-2-db", "2"), None);
        await Store.PostAsync(AMessage("ops", "3"), None);
        await Store.PostAsync(AMessage("inc-10-cdn", "4"), None);

        (await Store.ListChannelsAsync(None)).ShouldBe(["inc-10-cdn", "inc-2-db", "ops"]);
    }

    [ContractFact]
    public async Task No_messages_means_no_channels() =>
        (await Store.ListChannelsAsync(None)).ShouldBeEmpty();

    private static SandboxMessage AMessage(string channel, string body) =>
        new(0, channel, Alice.Id, Alice.Name, FromBot: false, body, Noon, VisibleTo: null);
}
