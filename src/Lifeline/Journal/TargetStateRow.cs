namespace Lifeline.Journal;

/// <summary>
/// The latest persisted state of one target (serialized by its owner), so health survives a restart:
/// a Down, suppressed or drained trunk stays so. One row per target; writing replaces it.
/// </summary>
internal sealed record TargetStateRow(string TargetId, string StateJson, DateTimeOffset UpdatedAt);
