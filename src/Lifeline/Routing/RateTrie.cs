namespace Lifeline.Routing;

/// <summary>
/// Every trunk's rate table in one digit trie, built once per configuration: one walk along a number finds, for every
/// trunk at once, its longest matching prefix. A node's children sit in one flat array (ten slots per node) and its
/// entries (trunk, rate) in another, so a walk touches a few cache lines and allocates nothing. Rates are stored as
/// ranks (equal rates, equal ranks) so ordering compares integers; <see cref="RateOf"/> turns a rank back into money.
/// </summary>
internal sealed class RateTrie
{
    private readonly int[] _children;
    private readonly int[] _entryStart;
    private readonly int[] _entryTrunk;
    private readonly int[] _entryRank;
    private readonly decimal[] _rates;

    private RateTrie(int[] children, int[] entryStart, int[] entryTrunk, int[] entryRank, decimal[] rates)
    {
        _children = children;
        _entryStart = entryStart;
        _entryTrunk = entryTrunk;
        _entryRank = entryRank;
        _rates = rates;
    }

    /// <summary>Trie nodes (the root included).</summary>
    public int NodeCount => _entryStart.Length - 1;

    /// <summary>Prefix entries of every trunk together.</summary>
    public int EntryCount => _entryTrunk.Length;

    /// <summary>Builds the trie from each trunk's prefix → rate table (prefixes of digits; a leading <c>+</c> is ignored, anything else non-digit skips the entry).</summary>
    public static RateTrie Build(IReadOnlyList<IReadOnlyDictionary<string, decimal>> tables)
    {
        var distinct = new SortedSet<decimal>();
        var total = 0;
        foreach (var table in tables)
        {
            foreach (var rate in table.Values)
            {
                distinct.Add(rate);
            }

            total += table.Count;
        }

        var rates = distinct.ToArray();
        var rankOf = new Dictionary<decimal, int>(rates.Length);
        for (var i = 0; i < rates.Length; i++)
        {
            rankOf[rates[i]] = i;
        }

        var children = new List<int>(10 * Math.Max(16, total)) { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        var pending = new List<(int Node, int Trunk, int Rank)>(total);
        for (var trunk = 0; trunk < tables.Count; trunk++)
        {
            foreach (var (prefix, rate) in tables[trunk])
            {
                var digits = prefix.AsSpan().TrimStart('+');
                if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
                {
                    continue;
                }

                var node = 0;
                foreach (var c in digits)
                {
                    var slot = node * 10 + (c - '0');
                    var child = children[slot];
                    if (child == 0)
                    {
                        child = children.Count / 10;
                        children[slot] = child;
                        for (var d = 0; d < 10; d++)
                        {
                            children.Add(0);
                        }
                    }

                    node = child;
                }

                pending.Add((node, trunk, rankOf[rate]));
            }
        }

        // Entries grouped by node (compressed rows), in trunk order within a node.
        var nodes = children.Count / 10;
        var entryStart = new int[nodes + 1];
        foreach (var (node, _, _) in pending)
        {
            entryStart[node + 1]++;
        }

        for (var i = 0; i < nodes; i++)
        {
            entryStart[i + 1] += entryStart[i];
        }

        var fill = new int[nodes];
        var entryTrunk = new int[pending.Count];
        var entryRank = new int[pending.Count];
        foreach (var (node, trunk, rank) in pending)
        {
            var at = entryStart[node] + fill[node]++;
            entryTrunk[at] = trunk;
            entryRank[at] = rank;
        }

        return new RateTrie([.. children], entryStart, entryTrunk, entryRank, rates);
    }

    /// <summary>
    /// Walks <paramref name="number"/> (digits) and writes, per trunk, the rank of the rate of its longest matching
    /// prefix into <paramref name="ranks"/>, or -1 when none of its prefixes match.
    /// </summary>
    public void Match(ReadOnlySpan<char> number, Span<int> ranks)
    {
        ranks.Fill(-1);
        var children = _children;
        var node = 0;
        foreach (var c in number)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                return;
            }

            node = children[node * 10 + (int)digit];
            if (node == 0)
            {
                return;
            }

            // Deeper nodes come later, so the last write per trunk is its longest prefix.
            for (var e = _entryStart[node]; e < _entryStart[node + 1]; e++)
            {
                ranks[_entryTrunk[e]] = _entryRank[e];
            }
        }
    }

    /// <summary>The rate per minute of a rank given by <see cref="Match"/>.</summary>
    public decimal RateOf(int rank) => _rates[rank];
}
