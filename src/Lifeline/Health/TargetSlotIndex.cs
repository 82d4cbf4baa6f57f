using System.Collections.Concurrent;

namespace Lifeline.Health;

/// <summary>
/// The id → slot map that every version of one board's <see cref="TargetTable"/> shares, and the next free slot.
/// One writer (the board, under its lock); lock-free readers.
/// </summary>
internal sealed class TargetSlotIndex
{
    public ConcurrentDictionary<string, int> Map { get; } = new(StringComparer.Ordinal);

    public int Next { get; set; }
}
