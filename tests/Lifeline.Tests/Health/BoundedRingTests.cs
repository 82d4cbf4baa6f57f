using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class BoundedRingTests
{
    [Fact]
    public void Constructor_NothingAdded_NothingAllocated()
    {
        var ring = new BoundedRing<long>(256);

        ring.Count.ShouldBe(0);
        ring.Allocated.ShouldBe(0);
        ring.Capacity.ShouldBe(256);
    }

    [Fact]
    public void Add_FewItems_StorageGrowsWithUseOnly()
    {
        var ring = new BoundedRing<int>(256);

        ring.Add(1);
        ring.Allocated.ShouldBe(4);
        for (var i = 2; i <= 5; i++)
        {
            ring.Add(i);
        }

        ring.Allocated.ShouldBe(8);
        ring.Count.ShouldBe(5);
        ring.Oldest.ShouldBe(1);
        ring.Newest.ShouldBe(5);
    }

    [Fact]
    public void AddAndRemoveOldest_WrapsAndGrows_KeepsFirstInFirstOutOrder()
    {
        var ring = new BoundedRing<int>(10);
        var model = new Queue<int>();
        var random = new Random(7);

        for (var i = 0; i < 2_000; i++)
        {
            if (model.Count > 0 && (ring.IsFull || random.Next(3) == 0))
            {
                ring.RemoveOldest().ShouldBe(model.Dequeue());
            }
            else
            {
                ring.Add(i);
                model.Enqueue(i);
            }

            ring.Count.ShouldBe(model.Count);
            var items = new int[ring.Count];
            ring.CopyTo(items);
            items.ShouldBe(model.ToArray());
        }

        ring.Allocated.ShouldBe(10);
    }

    [Fact]
    public void Clear_AfterItems_EmptyAndKeepsStorage()
    {
        var ring = new BoundedRing<int>(8);
        for (var i = 0; i < 6; i++)
        {
            ring.Add(i);
        }

        ring.Clear();
        ring.Add(42);

        ring.Count.ShouldBe(1);
        ring.Oldest.ShouldBe(42);
        ring.Allocated.ShouldBe(8);
    }
}
