using Lifeline.Config;

namespace Lifeline.Tests.Monitoring;

/// <summary>Loads YAML written in a test, failing the test with every error if it does not load.</summary>
internal static class TestConfig
{
    public static LifelineConfig Load(string yaml, string? baseDirectory = null)
    {
        var result = ConfigLoader.LoadFromString(yaml, "test.yaml", _ => null, baseDirectory ?? Path.GetTempPath());
        result.IsSuccess.ShouldBeTrue(result.ToString());
        return result.Config!;
    }
}
