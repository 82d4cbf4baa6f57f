namespace Lifeline.Journal;

/// <summary>Something an operator did (drain, disable, drill, reload), with who did it. <see cref="Id"/> is 0 until stored.</summary>
internal sealed record JournalOperatorAction(
    DateTimeOffset At,
    string Actor,
    string Action,
    string? TargetId = null,
    string? Detail = null)
{
    public long Id { get; init; }
}
