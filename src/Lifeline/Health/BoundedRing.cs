using System.Diagnostics;

namespace Lifeline.Health;

/// <summary>
/// A first-in first-out window of at most <see cref="Capacity"/> items whose storage grows with use (4, 8, 16 … up to
/// the capacity) instead of being allocated whole when its owner is created: of 100,000 gateways most never carry a
/// call, and a call detector's window sized for a busy trunk would cost every one of them kilobytes. Once grown it
/// stays grown (a busy target stays busy). A mutable struct: keep it in a field that is not readonly. Not thread-safe.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal struct BoundedRing<T>
{
    private const int FirstSize = 4;

    private T[] _items;
    private int _head;
    private int _count;

    public BoundedRing(int capacity)
    {
        Capacity = Math.Max(1, capacity);
        _items = [];
    }

    /// <summary>Most items kept.</summary>
    public int Capacity { get; }

    public readonly int Count => _count;

    public readonly bool IsFull => _count == Capacity;

    /// <summary>Slots allocated so far (for tests and memory accounting).</summary>
    public readonly int Allocated => _items.Length;

    /// <summary>The oldest item; only when <see cref="Count"/> is above 0.</summary>
    public readonly T Oldest => _items[_head];

    /// <summary>The newest item; only when <see cref="Count"/> is above 0.</summary>
    public readonly T Newest => _items[(_head + _count - 1) % _items.Length];

    /// <summary>The <paramref name="index"/>-th oldest item (0 is the oldest).</summary>
    public readonly T this[int index] => _items[(_head + index) % _items.Length];

    /// <summary>Appends an item; the ring must not be full (remove the oldest first).</summary>
    public void Add(T item)
    {
        Debug.Assert(_count < Capacity, "the ring is full");
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[(_head + _count) % _items.Length] = item;
        _count++;
    }

    /// <summary>Removes and returns the oldest item; only when <see cref="Count"/> is above 0.</summary>
    public T RemoveOldest()
    {
        var item = _items[_head];
        _head = (_head + 1) % _items.Length;
        _count--;
        return item;
    }

    /// <summary>Forgets every item, keeping the storage.</summary>
    public void Clear()
    {
        _head = 0;
        _count = 0;
    }

    /// <summary>Copies the items, oldest first, to <paramref name="destination"/> (at least <see cref="Count"/> long).</summary>
    public readonly void CopyTo(Span<T> destination)
    {
        for (var i = 0; i < _count; i++)
        {
            destination[i] = _items[(_head + i) % _items.Length];
        }
    }

    private void Grow()
    {
        var grown = new T[Math.Min(Capacity, Math.Max(FirstSize, _items.Length * 2))];
        CopyTo(grown);
        _items = grown;
        _head = 0;
    }
}
