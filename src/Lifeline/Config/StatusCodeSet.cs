using System.Globalization;

namespace Lifeline.Config;

/// <summary>
/// A set of SIP status codes written as <c>any</c> or a list of codes and ranges
/// (<c>[200-299, 404]</c>), used by <c>alive_codes</c> and <c>failover_codes</c>.
/// </summary>
internal sealed class StatusCodeSet : IEquatable<StatusCodeSet>
{
    private StatusCodeSet(bool isAny, IReadOnlyList<StatusCodeRange> ranges)
    {
        IsAny = isAny;
        Ranges = ranges;
    }

    /// <summary>Every response code.</summary>
    public static StatusCodeSet Any { get; } = new(true, []);

    /// <summary>The carrier failures that move a call to the next trunk by default: 408, 500, 502, 503, 504.</summary>
    public static StatusCodeSet DefaultFailover { get; } = Of(408, 500, 502, 503, 504);

    public bool IsAny { get; }

    public IReadOnlyList<StatusCodeRange> Ranges { get; }

    public static StatusCodeSet Of(params int[] codes) => new(false, [.. codes.Select(c => new StatusCodeRange(c, c))]);

    public static StatusCodeSet FromRanges(IReadOnlyList<StatusCodeRange> ranges) => new(false, ranges);

    public bool Contains(int code)
    {
        if (IsAny)
        {
            return true;
        }

        foreach (var range in Ranges)
        {
            if (range.Contains(code))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses one list element: <c>404</c> or <c>200-299</c>, within [min, max].</summary>
    public static bool TryParseRange(string text, int min, int max, out StatusCodeRange range)
    {
        range = default;
        var s = text.Trim();
        var dash = s.IndexOf('-', StringComparison.Ordinal);
        var fromText = dash < 0 ? s : s[..dash].Trim();
        var toText = dash < 0 ? s : s[(dash + 1)..].Trim();
        if (!int.TryParse(fromText, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            || !int.TryParse(toText, NumberStyles.None, CultureInfo.InvariantCulture, out var to)
            || from < min || to > max || from > to)
        {
            return false;
        }

        range = new StatusCodeRange(from, to);
        return true;
    }

    public override string ToString() => IsAny ? "any" : "[" + string.Join(", ", Ranges) + "]";

    public bool Equals(StatusCodeSet? other) => other is not null && IsAny == other.IsAny && Ranges.SequenceEqual(other.Ranges);

    public override bool Equals(object? obj) => Equals(obj as StatusCodeSet);

    public override int GetHashCode() => IsAny ? 1 : Ranges.Count;
}
