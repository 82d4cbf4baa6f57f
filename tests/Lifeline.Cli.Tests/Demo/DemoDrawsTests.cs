using Lifeline.Cli.Demo;

namespace Lifeline.Cli.Tests.Demo;

public sealed class DemoDrawsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Next_LossRate15Percent_LosesExactly3OfEvery20(int seed)
    {
        var draws = new DemoDraws(new Random(seed), 0.15);

        for (var block = 0; block < 200; block++)
        {
            var losses = 0;
            for (var i = 0; i < DemoDraws.BlockSize; i++)
            {
                var draw = draws.Next();
                draw.ShouldBeInRange(0.0, 0.9999999);
                if (draw < 0.15)
                {
                    losses++;
                }
            }

            losses.ShouldBe(3, $"block {block}");
        }
    }

    [Fact]
    public void Next_LossRate15Percent_NeverLosesEightInARow()
    {
        var draws = new DemoDraws(new Random(7), 0.15);
        var run = 0;
        var longest = 0;

        for (var i = 0; i < 200_000; i++)
        {
            run = draws.Next() < 0.15 ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        // Two blocks' losses back to back at most: far from the 8 misses in a row that decide Down.
        longest.ShouldBeLessThanOrEqualTo(6);
        longest.ShouldBeGreaterThanOrEqualTo(2, "losses fall at random places, sometimes together");
    }
}
