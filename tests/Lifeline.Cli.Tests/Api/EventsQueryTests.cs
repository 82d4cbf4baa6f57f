using Lifeline.Cli.Api;
using Lifeline.Journal;

namespace Lifeline.Cli.Tests.Api;

public sealed class EventsQueryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private JournalReader _reader = null!;
    private List<string> _expected = null!;

    public async Task InitializeAsync()
    {
        var database = JournalDatabase.Open(_folder.PathOf("journal.db")).Database!;
        await using var writer = JournalWriter.Start(database, new JournalOptions(), TimeProvider.System);

        // Transitions every 2 s, actions every 3 s (ties at multiples of 6 s), some for another target; then a run of
        // transitions with no action at all, so some pages hold only one table's rows.
        var all = new List<(DateTimeOffset At, int Order, string Label)>();
        for (var i = 0; i < 12; i++)
        {
            var at = T0.AddSeconds(2 * i);
            var target = i % 4 == 0 ? "b" : "a";
            await writer.AppendTransitionAsync(new JournalTransition(at, target, "gateway", "Up", "Down", "t" + i));
            all.Add((at, 0, "t" + i));
        }

        for (var i = 0; i < 7; i++)
        {
            var at = T0.AddSeconds(3 * i);
            await writer.AppendOperatorActionAsync(new JournalOperatorAction(at, "api 127.0.0.1", "drain", "a", "a" + i));
            all.Add((at, 1, "a" + i));
        }

        for (var i = 12; i < 20; i++)
        {
            var at = T0.AddSeconds(100 + i);
            await writer.AppendTransitionAsync(new JournalTransition(at, "a", "gateway", "Down", "Up", "t" + i));
            all.Add((at, 0, "t" + i));
        }

        await writer.FlushAsync();
        _reader = new JournalReader(database);

        // Newest first; at equal times the transition first.
        _expected = [.. all.OrderByDescending(e => e.At).ThenBy(e => e.Order).Select(e => e.Label)];
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(27)]
    [InlineData(100)]
    public void Read_PageByPage_EveryEventOnceNewestFirst(int limit)
    {
        var seen = new List<string>();
        EventCursor? before = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = EventsQuery.Read(_reader, null, before, limit);
            page.Events.Count.ShouldBeLessThanOrEqualTo(limit);
            seen.AddRange(page.Events.Select(e => e.Reason ?? e.Detail ?? "?"));
            if (page.Next is null)
            {
                break;
            }

            EventCursor.TryParse(page.Next, out var cursor).ShouldBeTrue(page.Next);
            before = cursor;
        }

        seen.ShouldBe(_expected);
    }

    [Fact]
    public void Read_FilterByTarget_OnlyItsEvents()
    {
        var page = EventsQuery.Read(_reader, "b", null, 100);

        page.Events.Select(e => e.Reason).ShouldBe(["t8", "t4", "t0"]);
        page.Next.ShouldBeNull();
    }

    [Fact]
    public void Read_EmptyJournalPage_NoNext()
    {
        var page = EventsQuery.Read(_reader, "nobody", null, 10);

        page.Events.ShouldBeEmpty();
        page.Next.ShouldBeNull();
    }
}
