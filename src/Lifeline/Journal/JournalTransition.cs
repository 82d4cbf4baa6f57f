namespace Lifeline.Journal;

/// <summary>A health transition as stored: the unit of the journal. <see cref="Id"/> is 0 until stored.</summary>
internal sealed record JournalTransition(
    DateTimeOffset At,
    string TargetId,
    string TargetKind,
    string FromState,
    string ToState,
    string Reason,
    string? EvidenceJson = null)
{
    public long Id { get; init; }
}
