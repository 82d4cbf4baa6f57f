using Lifeline.Config;

namespace Lifeline.Tests.Config;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("5s", 5_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("30d", 2_592_000_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0", 0)]
    [InlineData(" 10s ", 10_000)]
    public void TryParse_WithUnit_Parses(string text, long expectedMs)
    {
        DurationText.TryParse(text, out var value, out _).ShouldBeTrue();
        value.ShouldBe(TimeSpan.FromMilliseconds(expectedMs));
    }

    [Theory]
    [InlineData("5", "a bare number has no unit")]
    [InlineData("5 s", "without spaces")]
    [InlineData("5sec", "units are ms, s, m, h and d")]
    [InlineData("1m30", "every number needs a unit")]
    [InlineData("fast", null)]
    [InlineData("-5s", null)]
    [InlineData("", null)]
    public void TryParse_Invalid_FailsWithHint(string text, string? hint)
    {
        DurationText.TryParse(text, out _, out var actualHint).ShouldBeFalse();
        if (hint is not null)
        {
            actualHint.ShouldNotBeNull().ShouldContain(hint);
        }
    }

    [Theory]
    [InlineData(500, "500ms")]
    [InlineData(5_000, "5s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(2_592_000_000, "30d")]
    [InlineData(0, "0s")]
    public void Format_RoundTrips(long ms, string expected)
    {
        DurationText.Format(TimeSpan.FromMilliseconds(ms)).ShouldBe(expected);
        DurationText.TryParse(expected, out var back, out _).ShouldBeTrue();
        back.ShouldBe(TimeSpan.FromMilliseconds(ms));
    }
}
