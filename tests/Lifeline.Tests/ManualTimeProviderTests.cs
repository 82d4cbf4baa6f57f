using Lifeline.Testing;

namespace Lifeline.Tests;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Advance_TimerDue_FiresAtItsDueTimeInOrder()
    {
        var clock = new ManualTimeProvider();
        var fired = new List<(string Name, TimeSpan At)>();
        using var a = clock.CreateTimer(_ => fired.Add(("a", clock.Elapsed)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var b = clock.CreateTimer(_ => fired.Add(("b", clock.Elapsed)), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(3));

        fired.ShouldBe([("b", TimeSpan.FromSeconds(1)), ("a", TimeSpan.FromSeconds(2)), ("b", TimeSpan.FromSeconds(2)), ("b", TimeSpan.FromSeconds(3))]);
        clock.GetElapsedTime(0, clock.GetTimestamp()).ShouldBe(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(1));
    }
}
