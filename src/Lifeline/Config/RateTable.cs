namespace Lifeline.Config;

/// <summary>
/// <c>trunks[].rates:</c> — cost per minute by dialed-number prefix (digits of the E.164 number,
/// without +), for least-cost routing. Entries from a CSV file come first, inline entries override them.
/// </summary>
internal sealed record RateTable
{
    public static RateTable Empty { get; } = new();

    public IReadOnlyDictionary<string, decimal> Prefixes { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Full path of the CSV file the table was read from, if any.</summary>
    public string? SourceFile { get; init; }

    public bool IsEmpty => Prefixes.Count == 0;
}
