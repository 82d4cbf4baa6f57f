using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class TargetTableTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void With_NewTargets_FoundCountedAndListedInOrder()
    {
        var table = TargetTable.CreateEmpty().With([Snap("a"), Snap("b"), Snap("c")], []);

        table.Count.ShouldBe(3);
        table.Keys.ShouldBe(["a", "b", "c"]);
        table["b"].TargetId.ShouldBe("b");
        table.ContainsKey("d").ShouldBeFalse();
        table.TryGetValue("d", out _).ShouldBeFalse();
    }

    [Fact]
    public void With_ChangedAndRemoved_EarlierVersionUnchanged()
    {
        var v1 = TargetTable.CreateEmpty().With([Snap("a"), Snap("b")], []);

        var v2 = v1.With([Snap("a", TargetHealth.Down), Snap("c")], ["b"]);

        v1.Count.ShouldBe(2);
        v1["a"].Health.ShouldBe(TargetHealth.Up);
        v1.ContainsKey("b").ShouldBeTrue();
        v1.ContainsKey("c").ShouldBeFalse();
        v2.Count.ShouldBe(2);
        v2["a"].Health.ShouldBe(TargetHealth.Down);
        v2.ContainsKey("b").ShouldBeFalse();
        v2["c"].TargetId.ShouldBe("c");
    }

    [Fact]
    public void With_RemovedTargetComesBack_FoundAgain()
    {
        var v1 = TargetTable.CreateEmpty().With([Snap("a"), Snap("b")], []);
        var v2 = v1.With([], ["a", "nobody"]);

        var v3 = v2.With([Snap("a", TargetHealth.Drained)], []);

        v2.Count.ShouldBe(1);
        v3.Count.ShouldBe(2);
        v3["a"].Health.ShouldBe(TargetHealth.Drained);
    }

    [Fact]
    public void With_ManyVersionsAcrossChunks_EachVersionMatchesItsDictionary()
    {
        // A model check: random adds, changes and removals over several chunks; every version ever made must still
        // read exactly as the plain dictionary it stood for.
        var random = new Random(11);
        var table = TargetTable.CreateEmpty();
        var model = new Dictionary<string, TargetHealthSnapshot>(StringComparer.Ordinal);
        var versions = new List<(TargetTable Table, Dictionary<string, TargetHealthSnapshot> Model)>();
        for (var round = 0; round < 60; round++)
        {
            var changed = new Dictionary<string, TargetHealthSnapshot>(StringComparer.Ordinal);
            var removed = new HashSet<string>(StringComparer.Ordinal);
            var n = random.Next(1, round < 5 ? 400 : 40);
            for (var i = 0; i < n; i++)
            {
                var id = "gw" + random.Next(1200);
                if (random.Next(4) == 0)
                {
                    changed.Remove(id);
                    removed.Add(id);
                }
                else
                {
                    removed.Remove(id);
                    changed[id] = Snap(id, (TargetHealth)random.Next(6));
                }
            }

            table = table.With(changed.Values, removed);
            foreach (var id in removed)
            {
                model.Remove(id);
            }

            foreach (var (id, s) in changed)
            {
                model[id] = s;
            }

            versions.Add((table, new Dictionary<string, TargetHealthSnapshot>(model, StringComparer.Ordinal)));
        }

        foreach (var (version, expected) in versions)
        {
            version.Count.ShouldBe(expected.Count);
            version.Values.Count().ShouldBe(expected.Count);
            foreach (var (id, s) in expected)
            {
                version[id].ShouldBe(s);
                version.TryGetPublished(id, out var published).ShouldBeTrue();
                published.Health.ShouldBe(s.Health);
            }

            for (var i = 0; i < 1200; i++)
            {
                version.ContainsKey("gw" + i).ShouldBe(expected.ContainsKey("gw" + i));
            }
        }
    }

    [Fact]
    public void With_EveryField_ReadBackAsPublished()
    {
        var snapshot = new TargetHealthSnapshot
        {
            TargetId = "gw",
            Health = TargetHealth.Down,
            Since = T0.AddSeconds(5),
            Computed = TargetHealth.Suspect,
            ComputedSince = T0.AddSeconds(3),
            Operator = OperatorHold.None,
            Penalty = 1500.5,
            PenaltyAt = T0.AddSeconds(6),
            Damped = true,
            SuppressedUntil = T0.AddMinutes(20),
            CallHoldUntil = T0.AddMinutes(1),
            SmoothedRtt = TimeSpan.FromMilliseconds(12.5),
        };

        var table = TargetTable.CreateEmpty().With([snapshot], []);

        table["gw"].ShouldBe(snapshot);
        table.TryGetPublished(table.SlotOf("gw"), out var published).ShouldBeTrue();
        published.Damped.ShouldBeTrue();
        published.CallHoldUntil.ShouldBe(T0.AddMinutes(1));
    }

    [Fact]
    public void Reserve_BeforePublishing_SlotKeptAndEmptyUntilPublished()
    {
        var v1 = TargetTable.CreateEmpty().With([Snap("a")], []);

        var slot = v1.Reserve("b");
        var v2 = v1.With([Snap("b")], []);

        slot.ShouldBe(1);
        v1.SlotOf("b").ShouldBe(1);
        v1.TryGetPublished(slot, out _).ShouldBeFalse();
        v1.Count.ShouldBe(1);
        v2.TryGetPublished(slot, out var b).ShouldBeTrue();
        b.TargetId.ShouldBe("b");
        v2.SlotOf("nobody").ShouldBe(-1);
    }

    [Fact]
    public void CountByHealth_MixedTargets_CountsEachPublishedHealth()
    {
        var table = TargetTable.CreateEmpty().With([Snap("a"), Snap("b", TargetHealth.Down), Snap("c", TargetHealth.Down)], ["a"]);
        Span<int> counts = stackalloc int[6];

        table.With([], ["b"]).CountByHealth(counts);

        counts[(int)TargetHealth.Down].ShouldBe(1);
        counts[(int)TargetHealth.Up].ShouldBe(1);
    }

    private static TargetHealthSnapshot Snap(string id, TargetHealth health = TargetHealth.Up) =>
        new() { TargetId = id, Health = health, Since = T0, Computed = health, ComputedSince = T0 };
}
