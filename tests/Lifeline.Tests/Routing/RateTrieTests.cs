using Lifeline.Routing;

namespace Lifeline.Tests.Routing;

public sealed class RateTrieTests
{
    [Fact]
    public void Match_SeveralTrunks_GivesEachItsLongestPrefix()
    {
        var trie = RateTrie.Build(
        [
            new Dictionary<string, decimal> { ["1"] = 0.010m, ["1555"] = 0.030m },
            new Dictionary<string, decimal> { ["15"] = 0.020m, ["155512"] = 0.001m },
            new Dictionary<string, decimal> { ["44"] = 0.015m },
            new Dictionary<string, decimal>(),
        ]);
        Span<int> ranks = stackalloc int[4];

        trie.Match("15551234567", ranks);

        trie.RateOf(ranks[0]).ShouldBe(0.030m);
        trie.RateOf(ranks[1]).ShouldBe(0.001m);
        ranks[2].ShouldBe(-1);
        ranks[3].ShouldBe(-1);
    }

    [Fact]
    public void Match_EqualRatesWrittenDifferently_SameRank()
    {
        var trie = RateTrie.Build(
        [
            new Dictionary<string, decimal> { ["1"] = 0.01m },
            new Dictionary<string, decimal> { ["1"] = 0.0100m },
            new Dictionary<string, decimal> { ["1"] = 0.02m },
        ]);
        Span<int> ranks = stackalloc int[3];

        trie.Match("1", ranks);

        ranks[0].ShouldBe(ranks[1]);
        ranks[2].ShouldBeGreaterThan(ranks[0]);
    }

    [Fact]
    public void Match_NumberShorterThanEveryPrefixOrNotDigits_NoMatch()
    {
        var trie = RateTrie.Build([new Dictionary<string, decimal> { ["4420"] = 0.01m }]);
        Span<int> ranks = stackalloc int[1];

        trie.Match("442", ranks);
        ranks[0].ShouldBe(-1);

        trie.Match("*4420", ranks);
        ranks[0].ShouldBe(-1);
    }

    [Fact]
    public void Build_PlusInFrontOrNonDigitPrefix_PlusIgnoredOthersSkipped()
    {
        var trie = RateTrie.Build([new Dictionary<string, decimal> { ["+44"] = 0.01m, ["3x"] = 0.02m }]);
        Span<int> ranks = stackalloc int[1];

        trie.Match("442079460000", ranks);
        trie.RateOf(ranks[0]).ShouldBe(0.01m);
        trie.EntryCount.ShouldBe(1);
    }

    [Fact]
    public void Build_SharedPrefixes_ShareNodes()
    {
        var trie = RateTrie.Build(
        [
            new Dictionary<string, decimal> { ["1"] = 0.01m, ["12"] = 0.01m, ["123"] = 0.01m },
            new Dictionary<string, decimal> { ["123"] = 0.02m },
        ]);

        trie.NodeCount.ShouldBe(4); // root, 1, 12, 123
        trie.EntryCount.ShouldBe(4);
    }
}
