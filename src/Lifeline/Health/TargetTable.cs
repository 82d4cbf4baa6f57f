using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Lifeline.Health;

/// <summary>
/// The targets of one <see cref="HealthBoardSnapshot"/>: an immutable map from target id to snapshot that the next
/// version shares almost entirely. Snapshots sit in slots, in chunks of <see cref="ChunkSize"/>; a new version copies
/// the short array of chunks and only the chunks whose targets changed, so publishing a transition among 100,000
/// targets copies a few kilobytes instead of rebuilding a 100,000-entry dictionary (which made tracking targets one by
/// one quadratic, and every transition a multi-megabyte allocation).
/// </summary>
/// <remarks>
/// The id → slot index is shared by every version and only grows (one writer, the board, under its lock; readers are
/// lock-free): a version sees a slot only below its own slot count and only when it holds a snapshot there, so a
/// reader keeps a consistent picture whatever the writer adds later. A removed target keeps its slot for when it
/// comes back; ids are never dropped from the index, which is bounded by the ids ever configured.
/// </remarks>
internal sealed class TargetTable : IReadOnlyDictionary<string, TargetHealthSnapshot>
{
    /// <summary>Targets per chunk: the unit that a change copies.</summary>
    public const int ChunkSize = 256;

    private const int ChunkShift = 8;
    private const int ChunkMask = ChunkSize - 1;

    private readonly ConcurrentDictionary<string, int> _index;
    private readonly TargetHealthSnapshot?[][] _chunks;
    private readonly int _slotCount;

    private TargetTable(ConcurrentDictionary<string, int> index, TargetHealthSnapshot?[][] chunks, int slotCount, int count)
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
            foreach (var snapshot in Values)
            {
                yield return snapshot.TargetId;
            }
        }
    }

    public IEnumerable<TargetHealthSnapshot> Values
    {
        get
        {
            for (var slot = 0; slot < _slotCount; slot++)
            {
                if (_chunks[slot >> ChunkShift][slot & ChunkMask] is { } snapshot)
                {
                    yield return snapshot;
                }
            }
        }
    }

    public TargetHealthSnapshot this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException("no target " + key);

    /// <summary>A fresh, empty table with an index of its own (each board has one).</summary>
    public static TargetTable CreateEmpty() => new(new ConcurrentDictionary<string, int>(StringComparer.Ordinal), [], 0, 0);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TargetHealthSnapshot value)
    {
        if (_index.TryGetValue(key, out var slot) && slot < _slotCount)
        {
            value = _chunks[slot >> ChunkShift][slot & ChunkMask];
            return value is not null;
        }

        value = null;
        return false;
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
            if (_index.TryGetValue(id, out var slot) && slot < slotCount)
            {
                var chunk = Writable(ref chunks, ref copied, slot);
                if (chunk[slot & ChunkMask] is not null)
                {
                    chunk[slot & ChunkMask] = null;
                    count--;
                }
            }
        }

        foreach (var snapshot in changed)
        {
            if (!_index.TryGetValue(snapshot.TargetId, out var slot))
            {
                slot = slotCount;
                _index[snapshot.TargetId] = slot;
            }

            if (slot >= slotCount)
            {
                // Only a slot that is new to this writer: the index never hands out one beyond the latest count.
                slotCount = slot + 1;
            }

            var chunk = Writable(ref chunks, ref copied, slot);
            if (chunk[slot & ChunkMask] is null)
            {
                count++;
            }

            chunk[slot & ChunkMask] = snapshot;
        }

        return new TargetTable(_index, chunks, slotCount, count);
    }

    // The chunk holding a slot, safe to write: the array of chunks is copied once per version (one reference per
    // 256 targets), a chunk shared with this version is copied before its first change, a missing one is created.
    private TargetHealthSnapshot?[] Writable(ref TargetHealthSnapshot?[][] chunks, ref bool copied, int slot)
    {
        var c = slot >> ChunkShift;
        if (!copied)
        {
            chunks = (TargetHealthSnapshot?[][])chunks.Clone();
            copied = true;
        }

        if (c >= chunks.Length)
        {
            Array.Resize(ref chunks, Math.Max(c + 1, chunks.Length * 2));
        }

        var chunk = chunks[c];
        if (chunk is null)
        {
            chunk = new TargetHealthSnapshot?[ChunkSize];
            chunks[c] = chunk;
        }
        else if (c < _chunks.Length && ReferenceEquals(chunk, _chunks[c]))
        {
            chunk = (TargetHealthSnapshot?[])chunk.Clone();
            chunks[c] = chunk;
        }

        return chunk;
    }
}
