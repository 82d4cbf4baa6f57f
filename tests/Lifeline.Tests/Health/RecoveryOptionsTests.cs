using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class RecoveryOptionsTests
{
    [Theory]
    [InlineData(0, 0.10)]
    [InlineData(3_333_333, 0.10)] // ticks: just below a third of 10 s
    [InlineData(33_333_334, 0.25)]
    [InlineData(66_666_667, 0.50)]
    [InlineData(99_999_999, 0.50)]
    [InlineData(100_000_000, 0.50)]
    [InlineData(-5, 0.10)]
    public void ShareAfter_Defaults_StepsAtEachThirdOfTheStableTime(long elapsedTicks, double expected)
    {
        new RecoveryOptions().ShareAfter(TimeSpan.FromTicks(elapsedTicks)).ShouldBe(expected);
    }

    [Fact]
    public void ShareAfter_NoSteps_FullTraffic()
    {
        new RecoveryOptions { RampSteps = [] }.ShareAfter(TimeSpan.FromSeconds(1)).ShouldBe(1.0);
    }

    [Fact]
    public void ShareAfter_NoStableTime_FirstStep()
    {
        new RecoveryOptions { StableTime = TimeSpan.Zero }.ShareAfter(TimeSpan.FromSeconds(1)).ShouldBe(0.10);
    }
}
