using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Lifeline.Health;

/// <summary>
/// The targets of one <see cref="HealthBoardSnapshot"/>: an immutable map from target id to its published health
/// that the next version shares almost entirely. Targets sit in numbered slots (<see cref="SlotOf"/>: the board uses
/// the same numbers for its own arrays), as <see cref="PublishedTarget"/> values in chunks of <see cref="ChunkSize"/>;
/// a new version copies the short array of chunks and only the chunks whose targets changed, so publishing a
/// transition among 100,000 targets copies a few tens of kilobytes instead of rebuilding a 100,000-entry dictionary
/// (which made tracking targets one by one quadratic, and every transition a multi-megabyte allocation).
/// As a dictionary it hands out <see cref="TargetHealthSnapshot"/> records made on each read (without counters);
/// the hot path reads <see cref="TryGetPublished(string, out PublishedTarget)"/> instead, which allocates nothing.
/// </summary>
/// <remarks>
/// The id → slot index is shared by every version and only grows (one writer, the board, under its lock; readers are
/// lock-free): a version sees a slot only below its own slot count and only when it holds a target there, so a
/// reader keeps a consistent picture whatever the writer adds later. A removed target keeps its slot for when it
/// comes back; ids are never dropped from the index, which is bounded by the ids ever configured.
/// </remarks>
internal sealed class TargetTable : IReadOnlyDictionary<string, TargetHealthSnapshot>
{
    /// <summary>Targets per chunk: the unit that a change copies.</summary>
    public const int ChunkSize = 256;

    private const int ChunkShift = 8;
    private const int ChunkMask = ChunkSize - 1;

    private readonly TargetSlotIndex _index;
    private readonly PublishedTarget[][] _chunks;
    private readonly int _slotCount;

    private TargetTable(TargetSlotIndex index, PublishedTarget[][] chunks, int slotCount, int count)
    {
        _index = index;
        _chunks = chunks;
        _slotCount = slotCount;
        Count = count;
    }

    public int Count { get; }

    public IEnumerable<string> Keys
    {
        get
        {
            for (var slot = 0; slot < _slotCount; slot++)
            {
                if (_chunks[slot >> ChunkShift][slot & ChunkMask].TargetId is { } id)
                {
                    yield return id;
                }
            }
        }
    }

    public IEnumerable<TargetHealthSnapshot> Values
    {
        get
        {
            for (var slot = 0; slot < _slotCount; slot++)
            {
                var target = _chunks[slot >> ChunkShift][slot & ChunkMask];
                if (target.TargetId is not null)
                {
                    yield return target.ToSnapshot();
                }
            }
        }
    }

    public TargetHealthSnapshot this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException("no target " + key);

    /// <summary>A fresh, empty table with an index of its own (each board has one).</summary>
    public static TargetTable CreateEmpty() => new(new TargetSlotIndex(), [], 0, 0);

    /// <summary>The slot of a target ever published or reserved in this table's index; -1 when it never was. Lock-free.</summary>
    public int SlotOf(string targetId) => _index.Map.TryGetValue(targetId, out var slot) ? slot : -1;

    /// <summary>
    /// The slot of a target, given a new one (the next number) when it has none yet. Only the board calls it, under
    /// its lock (the shared index has one writer).
    /// </summary>
    public int Reserve(string targetId)
    {
        if (!_index.Map.TryGetValue(targetId, out var slot))
        {
            slot = _index.Next++;
            _index.Map[targetId] = slot;
        }

        return slot;
    }

    public bool ContainsKey(string key) => TryGetPublished(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TargetHealthSnapshot value)
    {
        if (TryGetPublished(key, out var target))
        {
            value = target.ToSnapshot();
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>A target's published health, without allocating.</summary>
    public bool TryGetPublished(string targetId, out PublishedTarget target)
    {
        if (_index.Map.TryGetValue(targetId, out var slot))
        {
            return TryGetPublished(slot, out target);
        }

        target = default;
        return false;
    }

    /// <summary>The published health in a slot (see <see cref="SlotOf"/>), without allocating.</summary>
    public bool TryGetPublished(int slot, out PublishedTarget target)
    {
        if ((uint)slot < (uint)_slotCount)
        {
            target = _chunks[slot >> ChunkShift][slot & ChunkMask];
            return target.TargetId is not null;
        }

        target = default;
        return false;
    }

    /// <summary>Adds up the targets of each published health (<paramref name="counts"/> indexed by <see cref="TargetHealth"/>), without allocating.</summary>
    public void CountByHealth(Span<int> counts)
    {
        for (var slot = 0; slot < _slotCount; slot++)
        {
            var target = _chunks[slot >> ChunkShift][slot & ChunkMask];
            if (target.TargetId is not null)
            {
                counts[(int)target.Health]++;
            }
        }
    }

    public IEnumerator<KeyValuePair<string, TargetHealthSnapshot>> GetEnumerator()
    {
        foreach (var snapshot in Values)
        {
            yield return new KeyValuePair<string, TargetHealthSnapshot>(snapshot.TargetId, snapshot);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// The next version: <paramref name="changed"/> set (added or replaced), <paramref name="removed"/> gone. Only the
    /// board calls it, under its lock (the shared index has one writer); this version stays as it was.
    /// </summary>
    public TargetTable With(IEnumerable<TargetHealthSnapshot> changed, IEnumerable<string> removed)
    {
        var slotCount = _slotCount;
        var count = Count;
        var chunks = _chunks;
        var copied = false;
        foreach (var id in removed)
        {
            if (_index.Map.TryGetValue(id, out var slot) && slot < slotCount)
            {
                var chunk = Writable(ref chunks, ref copied, slot);
                if (chunk[slot & ChunkMask].TargetId is not null)
                {
                    chunk[slot & ChunkMask] = default;
                    count--;
                }
            }
        }

        foreach (var snapshot in changed)
        {
            var slot = Reserve(snapshot.TargetId);
            if (slot >= slotCount)
            {
                // Slots below it that this version never held stay empty.
                slotCount = slot + 1;
            }

            var chunk = Writable(ref chunks, ref copied, slot);
            if (chunk[slot & ChunkMask].TargetId is null)
            {
                count++;
            }

            chunk[slot & ChunkMask] = new PublishedTarget(snapshot);
        }

        return new TargetTable(_index, chunks, slotCount, count);
    }

    // The chunk holding a slot, safe to write: the array of chunks is copied once per version (one reference per
    // 256 targets), a chunk shared with this version is copied before its first change, a missing one is created.
    private PublishedTarget[] Writable(ref PublishedTarget[][] chunks, ref bool copied, int slot)
    {
        var c = slot >> ChunkShift;
        if (!copied)
        {
            chunks = (PublishedTarget[][])chunks.Clone();
            copied = true;
        }

        if (c >= chunks.Length)
        {
            Array.Resize(ref chunks, Math.Max(c + 1, chunks.Length * 2));
        }

        var chunk = chunks[c];
        if (chunk is null)
        {
            chunk = new PublishedTarget[ChunkSize];
            chunks[c] = chunk;
        }
        else if (c < _chunks.Length && ReferenceEquals(chunk, _chunks[c]))
        {
            chunk = (PublishedTarget[])chunk.Clone();
            chunks[c] = chunk;
        }

        return chunk;
    }
}
