using Lifeline.Sip.Dns;
using Lifeline.Sip.Locating;

namespace Lifeline.Sip.Tests.Locating;

public sealed class SrvOrderingTests
{
    private static DnsSrvRecord Srv(string target, ushort priority, ushort weight) =>
        new("_sip._udp.carrier.test", 60, priority, weight, 5060, target);

    [Fact]
    public void Order_MixedPriorities_AscendingPriorityWhateverTheWeights()
    {
        var records = new[] { Srv("c", 30, 65535), Srv("a1", 10, 1), Srv("b", 20, 0), Srv("a2", 10, 1) };
        var random = new Random(1);

        for (var i = 0; i < 200; i++)
        {
            var ordered = SrvOrdering.Order(records, random);
            ordered.Select(r => r.Priority).ShouldBe([(ushort)10, (ushort)10, (ushort)20, (ushort)30]);
            ordered.Take(2).Select(r => r.Target).Order().ShouldBe(["a1", "a2"]);
        }
    }

    [Fact]
    public void Order_Weights_FirstChoiceFrequencyFollowsRfc2782RunningSums()
    {
        var records = new[] { Srv("w10", 1, 10), Srv("w20", 1, 20), Srv("w70", 1, 70) };
        var random = new Random(1234);
        var first = new Dictionary<string, int> { ["w10"] = 0, ["w20"] = 0, ["w70"] = 0 };
        const int Draws = 20_000;

        for (var i = 0; i < Draws; i++)
        {
            first[SrvOrdering.Order(records, random)[0].Target]++;
        }

        // A draw in [0, 100] picks the first running sum reaching it: 0..10, 11..30, 31..100.
        ((double)first["w10"] / Draws).ShouldBe(11.0 / 101, 0.012);
        ((double)first["w20"] / Draws).ShouldBe(20.0 / 101, 0.012);
        ((double)first["w70"] / Draws).ShouldBe(70.0 / 101, 0.012);
    }

    [Fact]
    public void Order_Weights_SecondChoiceIsDrawnFromWhatIsLeft()
    {
        var records = new[] { Srv("w10", 1, 10), Srv("w20", 1, 20), Srv("w70", 1, 70) };
        var random = new Random(77);
        var afterHeavy = new Dictionary<string, int> { ["w10"] = 0, ["w20"] = 0 };

        for (var i = 0; i < 20_000; i++)
        {
            var ordered = SrvOrdering.Order(records, random);
            ordered.Count.ShouldBe(3);
            if (ordered[0].Target == "w70")
            {
                afterHeavy[ordered[1].Target]++;
            }
        }

        // Left with weights 10 and 20 (draw in [0, 30]): w10 on 0..10, w20 on 11..30.
        var total = afterHeavy["w10"] + afterHeavy["w20"];
        ((double)afterHeavy["w10"] / total).ShouldBe(11.0 / 31, 0.02);
    }

    [Fact]
    public void Order_ZeroWeightBesideWeighted_RarelyFirstButNeverLost()
    {
        var records = new[] { Srv("heavy", 1, 100), Srv("zero", 1, 0) };
        var random = new Random(5);
        var zeroFirst = 0;
        const int Draws = 20_000;

        for (var i = 0; i < Draws; i++)
        {
            var ordered = SrvOrdering.Order(records, random);
            ordered.Count.ShouldBe(2);
            if (ordered[0].Target == "zero")
            {
                zeroFirst++;
            }
        }

        // Weight-0 records go to the front of the list, so only a draw of exactly 0 picks it: 1 in 101.
        ((double)zeroFirst / Draws).ShouldBe(1.0 / 101, 0.004);
    }

    [Fact]
    public void Order_AllWeightsZero_KeepsTheAnswerOrder()
    {
        var records = new[] { Srv("x", 5, 0), Srv("y", 5, 0), Srv("z", 5, 0) };

        SrvOrdering.Order(records, new Random(3)).Select(r => r.Target).ShouldBe(["x", "y", "z"]);
    }

    [Fact]
    public void Order_SameSeed_SameOrder()
    {
        var records = Enumerable.Range(0, 10).Select(i => Srv("t" + i, (ushort)(i % 3), (ushort)(i * 7))).ToArray();

        SrvOrdering.Order(records, new Random(42)).ShouldBe(SrvOrdering.Order(records, new Random(42)));
    }

    [Fact]
    public void Order_LargeWeights_DoNotOverflow()
    {
        var records = Enumerable.Range(0, 50).Select(i => Srv("t" + i, 1, ushort.MaxValue)).ToArray();

        SrvOrdering.Order(records, new Random(8)).Select(r => r.Target).Order().ShouldBe(records.Select(r => r.Target).Order());
    }
}
