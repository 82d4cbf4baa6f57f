using Lifeline.Sip.Dns;

namespace Lifeline.Sip.Locating;

/// <summary>
/// Orders SRV records as RFC 2782 says: by priority, lowest first; within a priority, by a weighted
/// random draw, so that a record's chance of coming first is proportional to its weight (records of
/// weight 0 keep a small chance, as the RFC's running-sum method gives them).
/// </summary>
internal static class SrvOrdering
{
    public static List<DnsSrvRecord> Order(IReadOnlyList<DnsSrvRecord> records, Random random)
    {
        var sorted = new List<(DnsSrvRecord Record, int Index)>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            sorted.Add((records[i], i));
        }

        // Priority first; then weight-0 records at the front of their group, as the RFC asks; the
        // index keeps the sort stable.
        sorted.Sort(static (x, y) =>
        {
            var byPriority = x.Record.Priority.CompareTo(y.Record.Priority);
            if (byPriority != 0)
            {
                return byPriority;
            }

            var byZero = (x.Record.Weight == 0 ? 0 : 1).CompareTo(y.Record.Weight == 0 ? 0 : 1);
            return byZero != 0 ? byZero : x.Index.CompareTo(y.Index);
        });

        var ordered = new List<DnsSrvRecord>(records.Count);
        var group = new List<DnsSrvRecord>();
        var start = 0;
        while (start < sorted.Count)
        {
            group.Clear();
            var priority = sorted[start].Record.Priority;
            var end = start;
            while (end < sorted.Count && sorted[end].Record.Priority == priority)
            {
                group.Add(sorted[end].Record);
                end++;
            }

            DrawByWeight(group, random, ordered);
            start = end;
        }

        return ordered;
    }

    private static void DrawByWeight(List<DnsSrvRecord> group, Random random, List<DnsSrvRecord> into)
    {
        while (group.Count > 0)
        {
            long total = 0;
            foreach (var record in group)
            {
                total += record.Weight;
            }

            var draw = random.NextInt64(0, total + 1);
            long running = 0;
            var chosen = group.Count - 1;
            for (var i = 0; i < group.Count; i++)
            {
                running += group[i].Weight;
                if (running >= draw)
                {
                    chosen = i;
                    break;
                }
            }

            into.Add(group[chosen]);
            group.RemoveAt(chosen);
        }
    }
}
