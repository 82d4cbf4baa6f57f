using System.Text;
using Lifeline.Config;

namespace Lifeline.Tests.Config;

public sealed class ConfigRobustnessTests
{
    private const string Significant = ":-[]{},#&*!|>'\"%@`\t\n ${}0123456789abcxyz<<";

    [Fact]
    public void LoadFromString_RandomMutationsOfTheExample_NeverThrowAndFailWithPositions()
    {
        var example = File.ReadAllText(Path.Combine(ConfigLoaderTests.RepositoryRoot(), "examples", "lifeline.yaml"));
        var random = new Random(20260301);
        var failures = 0;
        for (var round = 0; round < 600; round++)
        {
            var text = Mutate(example, random, 1 + random.Next(4));
            ConfigLoadResult result;
            try
            {
                result = ConfigLoader.LoadFromString(text, "fuzz.yaml", _ => "x");
            }
            catch (Exception ex)
            {
                throw new ShouldAssertException($"round {round}: bad input escaped as {ex.GetType().Name}: {ex.Message}\n{text}", ex);
            }

            if (!result.IsSuccess)
            {
                failures++;
                result.Errors.ShouldNotBeEmpty();
                result.Errors.ShouldAllBe(e => e.Message.Length > 0 && e.File.Length > 0);
            }
        }

        failures.ShouldBeGreaterThan(50, "the mutations should break the file often");
    }

    private static string Mutate(string text, Random random, int edits)
    {
        var sb = new StringBuilder(text);
        for (var i = 0; i < edits; i++)
        {
            var at = random.Next(sb.Length);
            switch (random.Next(3))
            {
                case 0:
                    sb.Remove(at, Math.Min(1 + random.Next(8), sb.Length - at));
                    break;
                case 1:
                    sb.Insert(at, Significant[random.Next(Significant.Length)]);
                    break;
                default:
                    sb[at] = Significant[random.Next(Significant.Length)];
                    break;
            }
        }

        return sb.ToString();
    }
}
