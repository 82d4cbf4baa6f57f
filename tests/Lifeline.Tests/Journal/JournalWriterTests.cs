using Lifeline.Journal;
using Lifeline.Testing;
using Microsoft.Data.Sqlite;

namespace Lifeline.Tests.Journal;

public sealed class JournalWriterTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly JournalTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Append_EveryRowKind_ReadsBackEqual()
    {
        var db = _folder.Open();
        var transition = new JournalTransition(T0, "primary/sip:10.0.0.1", "gateway", "Up", "Suspect", "probe timed out after 600ms", """{"rtt_ms":[31,29]}""");
        var action = new JournalOperatorAction(T0.AddSeconds(1), "alice", "drain", "primary", "maintenance window");
        var minute = new ProbeMinute("primary/sip:10.0.0.1", T0, 12, 11, 1, TimeSpan.FromMilliseconds(30.5), TimeSpan.FromMilliseconds(41), TimeSpan.FromMilliseconds(55), TimeSpan.FromMilliseconds(60));
        var silentMinute = new ProbeMinute("backup/sip:10.0.0.2", T0, 12, 0, 12, null, null, null, null);
        var call = new CallRecord(T0.AddSeconds(2), "a84b4c76e66710@pc33", "918005551234", "+18005551234", """["primary","backup"]""", 200, "OK", TimeSpan.FromMilliseconds(840));
        var failedCall = new CallRecord(T0.AddSeconds(3), "x@y", "0", null, "[]", null, null, null);

        await using (var writer = JournalWriter.Start(db, new JournalOptions(), new ManualTimeProvider(T0)))
        {
            await writer.AppendTransitionAsync(transition);
            await writer.AppendOperatorActionAsync(action);
            writer.TryAppendProbeMinute(minute).ShouldBeTrue();
            writer.TryAppendProbeMinute(silentMinute).ShouldBeTrue();
            writer.TryAppendCall(call).ShouldBeTrue();
            writer.TryAppendCall(failedCall).ShouldBeTrue();
            await writer.FlushAsync();
        }

        var reader = new JournalReader(db);
        var storedTransition = reader.ReadTransitions().Items.ShouldHaveSingleItem();
        storedTransition.Id.ShouldBeGreaterThan(0);
        storedTransition.ShouldBe(transition with { Id = storedTransition.Id });
        var storedAction = reader.ReadOperatorActions().Items.ShouldHaveSingleItem();
        storedAction.ShouldBe(action with { Id = storedAction.Id });
        reader.ReadProbeMinutes("primary/sip:10.0.0.1", T0, T0.AddMinutes(1)).ShouldBe([minute]);
        reader.ReadProbeMinutes("backup/sip:10.0.0.2", T0, T0.AddMinutes(1)).ShouldBe([silentMinute]);
        var calls = reader.ReadCalls().Items;
        calls.Count.ShouldBe(2);
        calls[0].ShouldBe(failedCall with { Id = calls[0].Id });
        calls[1].ShouldBe(call with { Id = calls[1].Id });
    }

    [Fact]
    public async Task ReadTransitions_Paging_NewestFirstWithCursorAndTargetFilter()
    {
        var db = _folder.Open();
        await using (var writer = JournalWriter.Start(db, new JournalOptions(), new ManualTimeProvider(T0)))
        {
            for (var i = 0; i < 25; i++)
            {
                await writer.AppendTransitionAsync(new JournalTransition(T0.AddSeconds(i), i % 2 == 0 ? "even" : "odd", "gateway", "Up", "Down", "n" + i));
            }
        }

        var reader = new JournalReader(db);
        var page1 = reader.ReadTransitions(limit: 10);
        page1.Items.Select(t => t.Reason).ShouldBe(Enumerable.Range(15, 10).Reverse().Select(i => "n" + i));
        page1.NextBeforeId.ShouldBe(page1.Items[^1].Id);
        var page2 = reader.ReadTransitions(beforeId: page1.NextBeforeId, limit: 10);
        page2.Items.Select(t => t.Reason).ShouldBe(Enumerable.Range(5, 10).Reverse().Select(i => "n" + i));
        var page3 = reader.ReadTransitions(beforeId: page2.NextBeforeId, limit: 10);
        page3.Items.Select(t => t.Reason).ShouldBe(Enumerable.Range(0, 5).Reverse().Select(i => "n" + i));
        page3.NextBeforeId.ShouldBeNull();

        var odd = reader.ReadTransitions(targetId: "odd", limit: 5);
        odd.Items.Select(t => t.Reason).ShouldBe(["n23", "n21", "n19", "n17", "n15"]);
        var oddRest = reader.ReadTransitions(targetId: "odd", beforeId: odd.NextBeforeId, limit: 100);
        oddRest.Items.Select(t => t.Reason).ShouldBe(["n13", "n11", "n9", "n7", "n5", "n3", "n1"]);
        oddRest.NextBeforeId.ShouldBeNull();
        reader.ReadTransitions(targetId: "nobody").Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadOperatorActions_FilterByTarget()
    {
        var db = _folder.Open();
        await using (var writer = JournalWriter.Start(db, new JournalOptions(), new ManualTimeProvider(T0)))
        {
            await writer.AppendOperatorActionAsync(new JournalOperatorAction(T0, "alice", "drain", "primary"));
            await writer.AppendOperatorActionAsync(new JournalOperatorAction(T0, "bob", "reload"));
            await writer.AppendOperatorActionAsync(new JournalOperatorAction(T0, "alice", "undrain", "primary"));
        }

        var reader = new JournalReader(db);
        reader.ReadOperatorActions(targetId: "primary").Items.Select(a => a.Action).ShouldBe(["undrain", "drain"]);
        reader.ReadOperatorActions().Items.Count.ShouldBe(3);
    }

    [Fact]
    public async Task ReadProbeMinutes_RangeIsHalfOpenAndSameMinuteReplaces()
    {
        var db = _folder.Open();
        await using (var writer = JournalWriter.Start(db, new JournalOptions(), new ManualTimeProvider(T0)))
        {
            for (var m = 0; m < 10; m++)
            {
                writer.TryAppendProbeMinute(new ProbeMinute("gw", T0.AddMinutes(m), 12, 12, 0, TimeSpan.FromMilliseconds(m), null, null, null));
            }

            writer.TryAppendProbeMinute(new ProbeMinute("gw", T0.AddMinutes(3), 12, 6, 6, TimeSpan.FromMilliseconds(99), null, null, null));
            writer.TryAppendProbeMinute(new ProbeMinute("other", T0.AddMinutes(3), 1, 1, 0, null, null, null, null));
        }

        var rows = new JournalReader(db).ReadProbeMinutes("gw", T0.AddMinutes(2), T0.AddMinutes(5));

        rows.Select(r => r.Minute).ShouldBe([T0.AddMinutes(2), T0.AddMinutes(3), T0.AddMinutes(4)]);
        rows[1].Lost.ShouldBe(6);
        rows[1].RttP50.ShouldBe(TimeSpan.FromMilliseconds(99));
    }

    [Fact]
    public async Task ReadTargetStates_AfterRestart_ReturnsLatestStatePerTarget()
    {
        var db = _folder.Open();
        await using (var writer = JournalWriter.Start(db, new JournalOptions(), new ManualTimeProvider(T0)))
        {
            await writer.SaveTargetStateAsync(new TargetStateRow("primary", """{"state":"Up"}""", T0));
            await writer.SaveTargetStateAsync(new TargetStateRow("backup", """{"state":"Up"}""", T0));
            await writer.SaveTargetStateAsync(new TargetStateRow("old", """{"state":"Down"}""", T0));
            await writer.SaveTargetStateAsync(new TargetStateRow("primary", """{"state":"Drained","penalty":1500}""", T0.AddMinutes(5)));
            await writer.RemoveTargetStateAsync("old");
        }

        var reopened = _folder.Open();
        var states = new JournalReader(reopened).ReadTargetStates();

        states.ShouldBe(
        [
            new TargetStateRow("backup", """{"state":"Up"}""", T0),
            new TargetStateRow("primary", """{"state":"Drained","penalty":1500}""", T0.AddMinutes(5)),
        ]);
    }

    [Fact]
    public async Task PruneAsync_ManualClock_DeletesOnlyRowsOlderThanEachRetention()
    {
        var clock = new ManualTimeProvider(T0);
        var db = _folder.Open();
        var options = new JournalOptions { Retention = TimeSpan.FromDays(30), ProbeStatsRetention = TimeSpan.FromDays(7), CallsRetention = TimeSpan.FromDays(14) };
        await using var writer = JournalWriter.Start(db, options, clock);
        foreach (var ageDays in new[] { 40, 20, 10, 1 })
        {
            var at = T0.AddDays(-ageDays);
            await writer.AppendTransitionAsync(new JournalTransition(at, "gw", "gateway", "Up", "Down", "age " + ageDays));
            await writer.AppendOperatorActionAsync(new JournalOperatorAction(at, "alice", "drain", "gw", "age " + ageDays));
            writer.TryAppendProbeMinute(new ProbeMinute("gw", at, 1, 1, 0, null, null, null, null));
            writer.TryAppendCall(new CallRecord(at, "c" + ageDays, "1", null, "[]", 200, "OK", null));
        }

        await writer.SaveTargetStateAsync(new TargetStateRow("gw", "{}", T0.AddDays(-100)));

        var deleted = await writer.PruneAsync();

        var reader = new JournalReader(db);
        reader.ReadTransitions().Items.Select(t => t.Reason).ShouldBe(["age 1", "age 10", "age 20"]);
        reader.ReadOperatorActions().Items.Select(a => a.Detail).ShouldBe(["age 1", "age 10", "age 20"]);
        reader.ReadCalls().Items.Select(c => c.CallId).ShouldBe(["c1", "c10"]);
        reader.ReadProbeMinutes("gw", T0.AddDays(-100), T0).Select(m => m.Minute).ShouldBe([T0.AddDays(-1)]);
        reader.ReadTargetStates().ShouldHaveSingleItem().TargetId.ShouldBe("gw");
        deleted.ShouldBe(1 + 1 + 2 + 3);
    }

    [Fact]
    public async Task PruneLoop_ClockPassesInterval_PrunesWithoutBeingAsked()
    {
        var clock = new ManualTimeProvider(T0);
        var db = _folder.Open();
        var options = new JournalOptions { Retention = TimeSpan.FromDays(1), PruneInterval = TimeSpan.FromHours(1) };
        await using var writer = JournalWriter.Start(db, options, clock);
        await writer.AppendTransitionAsync(new JournalTransition(T0.AddHours(-23.5), "gw", "gateway", "Up", "Down", "will age out"));
        await writer.FlushAsync();
        var reader = new JournalReader(db);
        reader.ReadTransitions().Items.Count.ShouldBe(1);
        await WaitUntil(() => clock.ActiveTimers > 0, "the prune timer to be armed");

        clock.Advance(TimeSpan.FromHours(1));

        await WaitUntil(() => reader.ReadTransitions().Items.Count == 0, "the periodic prune to delete the aged row");
    }

    [Fact]
    public async Task DisposeAsync_RowsStillQueued_AreAllWritten()
    {
        var db = _folder.Open();
        var writer = JournalWriter.Start(db, new JournalOptions { MaxBatchSize = 50 }, new ManualTimeProvider(T0));
        for (var i = 0; i < 1000; i++)
        {
            await writer.AppendTransitionAsync(new JournalTransition(T0, "gw", "gateway", "Up", "Down", "n" + i));
        }

        await writer.DisposeAsync();

        var page = new JournalReader(db).ReadTransitions(limit: 1000);
        page.Items.Count.ShouldBe(1000);
        page.Items[0].Reason.ShouldBe("n999");
    }

    [Fact]
    public async Task QueueFull_ProbeMinutesDroppedAndCounted_TransitionsWaitAndAreKept()
    {
        var db = _folder.Open();
        await using var writer = JournalWriter.Start(db, new JournalOptions { QueueCapacity = 2 }, new ManualTimeProvider(T0));
        await writer.FlushAsync(); // the start-up prune is done: the writer is idle
        Task waiting;
        await using (var blocker = new SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            // Another connection holds the write lock, so the writer's first commit waits (SQLite busy timeout).
            blocker.Open();
            using (var begin = blocker.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                begin.ExecuteNonQuery();
            }

            await writer.AppendTransitionAsync(new JournalTransition(T0, "gw", "gateway", "Up", "Suspect", "first"));
            await WaitUntil(() => writer.QueueLength == 0, "the writer to take the first row");
            writer.TryAppendProbeMinute(new ProbeMinute("gw", T0, 1, 1, 0, null, null, null, null)).ShouldBeTrue();
            await writer.AppendTransitionAsync(new JournalTransition(T0, "gw", "gateway", "Suspect", "Down", "second"));

            writer.TryAppendProbeMinute(new ProbeMinute("gw", T0.AddMinutes(1), 1, 1, 0, null, null, null, null)).ShouldBeFalse();
            writer.TryAppendCall(new CallRecord(T0, "c", "1", null, "[]", 200, "OK", null)).ShouldBeFalse();
            waiting = writer.AppendTransitionAsync(new JournalTransition(T0, "gw", "gateway", "Down", "Recovering", "third")).AsTask();
            await Task.Delay(200);
            waiting.IsCompleted.ShouldBeFalse("a transition must wait for room, not be dropped");

            using var rollback = blocker.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        await waiting.WaitAsync(TimeSpan.FromSeconds(60));
        await writer.FlushAsync();
        writer.DroppedProbeMinutes.ShouldBe(1);
        writer.DroppedCalls.ShouldBe(1);
        new JournalReader(db).ReadTransitions().Items.Select(t => t.Reason).ShouldBe(["third", "second", "first"]);
    }

    [Fact]
    public async Task FlushAsync_WriterNeverDisposed_RowsVisibleToAnotherConnection()
    {
        var db = _folder.Open();
        var writer = JournalWriter.Start(db, new JournalOptions(), new ManualTimeProvider(T0));
        try
        {
            await writer.AppendTransitionAsync(new JournalTransition(T0, "gw", "gateway", "Up", "Down", "committed"));
            await writer.FlushAsync();

            var other = _folder.Open();
            new JournalReader(other).ReadTransitions().Items.ShouldHaveSingleItem().Reason.ShouldBe("committed");
        }
        finally
        {
            await writer.DisposeAsync();
        }
    }

    [Fact]
    public async Task TryAppendProbeMinute_NoFlush_CommittedOnceTheStatisticsDelayPassed()
    {
        var db = _folder.Open();
        var clock = new ManualTimeProvider(T0);
        await using var writer = JournalWriter.Start(db, new JournalOptions { StatisticsDelay = TimeSpan.FromSeconds(1) }, clock);
        await writer.FlushAsync();
        var reader = new JournalReader(db);

        writer.TryAppendProbeMinute(new ProbeMinute("gw", T0, 2, 2, 0, null, null, null, null)).ShouldBeTrue();
        await WaitUntil(() => writer.QueueLength == 0, "the writer to take the row");
        await Task.Delay(200);
        reader.ReadProbeMinutes("gw", T0, T0.AddMinutes(1)).ShouldBeEmpty("held to share a commit with later rows");

        clock.Advance(TimeSpan.FromSeconds(1));

        await WaitUntil(() => reader.ReadProbeMinutes("gw", T0, T0.AddMinutes(1)).Count == 1, "the held row to be committed");
    }

    [Fact]
    public async Task AppendTransitionAsync_StatisticsHeld_CommittedTogetherAtOnce()
    {
        var db = _folder.Open();
        await using var writer = JournalWriter.Start(db, new JournalOptions { StatisticsDelay = TimeSpan.FromHours(1) }, new ManualTimeProvider(T0));
        await writer.FlushAsync();
        var reader = new JournalReader(db);

        writer.TryAppendProbeMinute(new ProbeMinute("gw", T0, 2, 1, 1, null, null, null, null)).ShouldBeTrue();
        await writer.AppendTransitionAsync(new JournalTransition(T0, "gw", "gateway", "Up", "Suspect", "probe timed out"));

        await WaitUntil(() => reader.ReadTransitions().Items.Count == 1, "the transition to be committed without a flush");
        reader.ReadProbeMinutes("gw", T0, T0.AddMinutes(1)).ShouldHaveSingleItem().Lost.ShouldBe(1);
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting for " + what);
            }

            await Task.Delay(10);
        }
    }
}
