using Lifeline.Routing;
using Lifeline.Testing;

namespace Lifeline.Tests.Routing;

public sealed class TrunkLoadTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void TryAcquire_AtMaxCalls_RefusesUntilACallEnds()
    {
        var load = new TrunkLoad(maxCalls: 2, maxCps: null, _clock);

        load.TryAcquire().ShouldBeTrue();
        load.TryAcquire().ShouldBeTrue();
        load.IsFull.ShouldBeTrue();
        load.TryAcquire().ShouldBeFalse();
        load.Active.ShouldBe(2);

        load.Release();

        load.IsFull.ShouldBeFalse();
        load.TryAcquire().ShouldBeTrue();
        load.Attempts.ShouldBe(4);
        load.CallLimitRefusals.ShouldBe(1);
        load.Overflows.ShouldBe(1);
        load.Peak.ShouldBe(2);
    }

    [Fact]
    public void TryAcquire_Unlimited_AlwaysTakes()
    {
        var load = new TrunkLoad(null, null, _clock);

        for (var i = 0; i < 10_000; i++)
        {
            load.TryAcquire().ShouldBeTrue();
        }

        load.Active.ShouldBe(10_000);
        load.IsFull.ShouldBeFalse();
        load.Overflows.ShouldBe(0);
    }

    [Fact]
    public void TryAcquire_MaxCps_AllowsOneSecondOfCallsAtOnceThenOneEveryInterval()
    {
        var load = new TrunkLoad(null, maxCps: 4, _clock);

        for (var i = 0; i < 4; i++)
        {
            load.TryAcquire().ShouldBeTrue($"call {i + 1} of the first second");
        }

        load.TryAcquire().ShouldBeFalse();
        load.IsAtRateLimit.ShouldBeTrue();

        _clock.Advance(TimeSpan.FromMilliseconds(240));
        load.TryAcquire().ShouldBeFalse();

        _clock.Advance(TimeSpan.FromMilliseconds(20));
        load.TryAcquire().ShouldBeTrue();
        load.TryAcquire().ShouldBeFalse();

        load.RateLimitRefusals.ShouldBe(3);
        load.Active.ShouldBe(5); // refused calls hold no slot
    }

    [Fact]
    public void TryAcquire_MaxCpsOverLongRun_KeepsTheRate()
    {
        var load = new TrunkLoad(null, maxCps: 10, _clock);
        var taken = 0;

        // Offer 100 calls a second for 60 s.
        for (var ms = 0; ms < 60_000; ms += 10)
        {
            if (load.TryAcquire())
            {
                taken++;
                load.Release();
            }

            _clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        // 10 a second plus the first second's burst.
        taken.ShouldBeInRange(600, 610);
    }

    [Fact]
    public void TryAcquire_FractionalCps_OneCallPerInterval()
    {
        var load = new TrunkLoad(null, maxCps: 0.5, _clock);

        load.TryAcquire().ShouldBeTrue();
        load.TryAcquire().ShouldBeFalse();
        _clock.Advance(TimeSpan.FromSeconds(1.9));
        load.TryAcquire().ShouldBeFalse();
        _clock.Advance(TimeSpan.FromSeconds(0.2));
        load.TryAcquire().ShouldBeTrue();
    }

    [Fact]
    public void TryAcquire_CallLimitRefusal_TakesNoCpsToken()
    {
        var load = new TrunkLoad(maxCalls: 1, maxCps: 2, _clock);

        load.TryAcquire().ShouldBeTrue();
        load.TryAcquire().ShouldBeFalse();
        load.Release();

        // The refused call did not spend the second token of this second.
        load.TryAcquire().ShouldBeTrue();
        load.CallLimitRefusals.ShouldBe(1);
        load.RateLimitRefusals.ShouldBe(0);
    }

    [Fact]
    public void Release_WithoutAcquire_DoesNotOpenAnExtraSlot()
    {
        var load = new TrunkLoad(maxCalls: 1, maxCps: null, _clock);

        load.Release();

        load.Active.ShouldBe(0);
        load.TryAcquire().ShouldBeTrue();
        load.TryAcquire().ShouldBeFalse();
    }

    [Fact]
    public async Task TryAcquire_ManyThreads_NeverExceedsMaxCalls()
    {
        var load = new TrunkLoad(maxCalls: 8, maxCps: null, _clock);
        using var start = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.Wait();
            for (var i = 0; i < 50_000; i++)
            {
                if (load.TryAcquire())
                {
                    load.Active.ShouldBeLessThanOrEqualTo(8);
                    load.Release();
                }
            }
        })).ToArray();

        start.Set();
        await Task.WhenAll(workers);

        load.Peak.ShouldBeLessThanOrEqualTo(8);
        load.Active.ShouldBe(0);
        load.Attempts.ShouldBe(200_000);
    }
}
