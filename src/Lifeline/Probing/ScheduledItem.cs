namespace Lifeline.Probing;

/// <summary>
/// An entry of the scheduler's queues: a target slot and the version it had when queued. Entries are never removed
/// from a queue; one whose version no longer matches is stale and skipped when it comes up (lazy deletion).
/// </summary>
internal readonly record struct ScheduledItem(int Index, int Version);
