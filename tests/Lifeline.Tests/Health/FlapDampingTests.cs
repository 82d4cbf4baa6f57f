using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class FlapDampingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly FlapDampingOptions Defaults = new();

    [Fact]
    public void ValueAt_OneHalfLifeLater_Halved()
    {
        FlapDamping.ValueAt(new FlapPenalty(1000, T0), T0.AddSeconds(60), Defaults).ShouldBe(500, 1e-9);
        FlapDamping.ValueAt(new FlapPenalty(1000, T0), T0.AddSeconds(120), Defaults).ShouldBe(250, 1e-9);
    }

    [Fact]
    public void AddFlap_ThreeFlapsTenSecondsApart_ReachesSuppressLevel()
    {
        var p = FlapDamping.AddFlap(new FlapPenalty(0, T0), T0, Defaults);
        p = FlapDamping.AddFlap(p, T0.AddSeconds(10), Defaults);
        p.Value.ShouldBeLessThan(Defaults.SuppressLevel);

        p = FlapDamping.AddFlap(p, T0.AddSeconds(20), Defaults);

        p.Value.ShouldBe(1000 * (1 + Math.Pow(2, -10.0 / 60) + Math.Pow(2, -20.0 / 60)), 1e-6);
        p.Value.ShouldBeGreaterThanOrEqualTo(Defaults.SuppressLevel);
    }

    [Fact]
    public void Ceiling_Defaults_ReuseTimesTwoToTheFive()
    {
        FlapDamping.Ceiling(Defaults).ShouldBe(24_000, 1e-6);
        FlapDamping.TimeToReuse(FlapDamping.Ceiling(Defaults), Defaults).ShouldBe(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void AddFlap_ManyFlaps_CappedAtCeiling()
    {
        var p = new FlapPenalty(0, T0);
        for (var i = 0; i < 100; i++)
        {
            p = FlapDamping.AddFlap(p, T0, Defaults);
        }

        p.Value.ShouldBe(24_000, 1e-6);
    }

    [Fact]
    public void TimeToReuse_BelowReuse_Zero_Above_HalfLifeTimesLog2()
    {
        FlapDamping.TimeToReuse(700, Defaults).ShouldBe(TimeSpan.Zero);
        FlapDamping.TimeToReuse(3000, Defaults).ShouldBe(TimeSpan.FromSeconds(120));
    }
}
