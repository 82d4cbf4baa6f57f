using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class RttEstimatorTests
{
    private static readonly ProbeTimeoutOptions Timeouts = new();

    [Fact]
    public void Add_FirstSample_SrttIsSampleAndRttvarHalf()
    {
        var rtt = new RttEstimator();

        rtt.Add(TimeSpan.FromMilliseconds(100));

        rtt.Smoothed.ShouldBe(TimeSpan.FromMilliseconds(100));
        rtt.Variance.ShouldBe(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Add_SecondSample_FollowsRfc6298()
    {
        var rtt = new RttEstimator();
        rtt.Add(TimeSpan.FromMilliseconds(100));

        rtt.Add(TimeSpan.FromMilliseconds(200));

        // RTTVAR = 3/4 × 50 + 1/4 × |100 − 200| = 62.5; SRTT = 7/8 × 100 + 1/8 × 200 = 112.5
        rtt.Variance.ShouldBe(TimeSpan.FromMilliseconds(62.5));
        rtt.Smoothed.ShouldBe(TimeSpan.FromMilliseconds(112.5));
    }

    [Fact]
    public void ProbeTimeout_NoSamples_Initial()
    {
        new RttEstimator().ProbeTimeout(Timeouts).ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void ProbeTimeout_FastSteadyGateway_Floor()
    {
        var rtt = new RttEstimator();
        for (var i = 0; i < 50; i++)
        {
            rtt.Add(TimeSpan.FromMilliseconds(20));
        }

        rtt.ProbeTimeout(Timeouts).ShouldBe(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void ProbeTimeout_SteadyGateway_ThreeTimesSmoothedRtt()
    {
        var rtt = new RttEstimator();
        for (var i = 0; i < 200; i++)
        {
            rtt.Add(TimeSpan.FromMilliseconds(150));
        }

        rtt.ProbeTimeout(Timeouts).TotalMilliseconds.ShouldBe(450, 1);
    }

    [Fact]
    public void ProbeTimeout_SlowGateway_Cap()
    {
        var rtt = new RttEstimator();
        rtt.Add(TimeSpan.FromSeconds(1.5));

        rtt.ProbeTimeout(Timeouts).ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void ProbeTimeout_JitteryGateway_VarianceTermWins()
    {
        var rtt = new RttEstimator();
        for (var i = 0; i < 100; i++)
        {
            rtt.Add(TimeSpan.FromMilliseconds(i % 2 == 0 ? 20 : 180));
        }

        // SRTT ≈ 100 ms, RTTVAR ≈ 80 ms: SRTT + 4 × RTTVAR ≈ 420 ms > 3 × SRTT ≈ 300 ms.
        var timeout = rtt.ProbeTimeout(Timeouts);
        timeout.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(350));
        timeout.ShouldBeLessThan(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Percentiles_OneToHundred_NearestRank()
    {
        var rtt = new RttEstimator();
        for (var i = 100; i >= 1; i--)
        {
            rtt.Add(TimeSpan.FromMilliseconds(i));
        }

        var p = rtt.Percentiles();

        p.ShouldBe(new RttPercentiles(100, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(90), TimeSpan.FromMilliseconds(99)));
    }

    [Fact]
    public void Percentiles_MoreThanWindow_OnlyRecentSamples()
    {
        var rtt = new RttEstimator();
        for (var i = 0; i < 500; i++)
        {
            rtt.Add(TimeSpan.FromMilliseconds(1000));
        }

        for (var i = 0; i < RttEstimator.WindowSize; i++)
        {
            rtt.Add(TimeSpan.FromMilliseconds(10));
        }

        rtt.Percentiles().P99.ShouldBe(TimeSpan.FromMilliseconds(10));
        rtt.Samples.ShouldBe(500 + RttEstimator.WindowSize);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(317)]
    [InlineData(31_999)]
    public void Encode_UnderThirtyTwoMilliseconds_ExactMicroseconds(long micros)
    {
        RttEstimator.Decode(RttEstimator.Encode(TimeSpan.FromMicroseconds(micros))).ShouldBe(TimeSpan.FromMicroseconds(micros));
    }

    [Fact]
    public void Encode_AnyRttUpToFourSeconds_OrderKeptAndWithinHalfAStep()
    {
        var previous = (ushort)0;
        for (var micros = 0L; micros <= 4_200_000; micros += 37)
        {
            var rtt = TimeSpan.FromMicroseconds(micros);
            var code = RttEstimator.Encode(rtt);

            code.ShouldBeGreaterThanOrEqualTo(previous);
            (RttEstimator.Decode(code) - rtt).Duration().ShouldBeLessThanOrEqualTo(TimeSpan.FromMicroseconds(62.5));
            previous = code;
        }

        for (var ms = 1; ms <= 4000; ms++)
        {
            RttEstimator.Decode(RttEstimator.Encode(TimeSpan.FromMilliseconds(ms))).ShouldBe(TimeSpan.FromMilliseconds(ms));
        }
    }

    [Fact]
    public void Encode_BeyondRange_Saturates()
    {
        RttEstimator.Decode(RttEstimator.Encode(TimeSpan.FromMinutes(5))).ShouldBe(RttEstimator.Decode(ushort.MaxValue));
        RttEstimator.Decode(ushort.MaxValue).ShouldBeGreaterThan(TimeSpan.FromSeconds(4));
    }
}
