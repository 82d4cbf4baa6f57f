namespace Lifeline.Journal;

/// <summary>One call through the proxy: what was dialed, which trunks were tried, how it ended. <see cref="Id"/> is 0 until stored.</summary>
internal sealed record CallRecord(
    DateTimeOffset At,
    string CallId,
    string Dialed,
    string? Normalized,
    string TrunksTriedJson,
    int? FinalCode,
    string? FinalReason,
    TimeSpan? SetupTime)
{
    public long Id { get; init; }
}
