using Lifeline.Cli.Drill;

namespace Lifeline.Cli.Tests.Drill;

public sealed class DrillApiTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_StatusWithProxy_ReadsAttemptsAndLosses()
    {
        const string body = """
            {"at":"2026-11-21T12:00:00Z","proxy":{"received":120,"answered":100,"failed":3,"refused":2,"forbidden":9},
             "trunks":[{"name":"primary","health":"Up","calls":{"active":4,"attempts":90}},
                       {"name":"backup","health":"Drained","calls":{"active":0,"attempts":41}}]}
            """;

        var read = DrillApi.Parse(body, At);

        read.Error.ShouldBeNull();
        var sample = read.Sample.ShouldNotBeNull();
        sample.AttemptsOf("primary").ShouldBe(90);
        sample.AttemptsExcept("primary").ShouldBe(41);
        sample.Received.ShouldBe(120);
        sample.Lost.ShouldBe(5);
        sample.HealthByTrunk["backup"].ShouldBe("Drained");
    }

    [Fact]
    public void Parse_StatusWithoutProxy_SaysThereIsNoTraffic()
    {
        var read = DrillApi.Parse("""{"trunks":[{"name":"primary","health":"Up"}]}""", At);

        read.Sample.ShouldBeNull();
        read.Error.ShouldBe("this Lifeline routes no calls (its configuration has no proxy:), so there is no traffic to move");
    }

    [Theory]
    [InlineData("<html>not lifeline</html>")]
    [InlineData("""{"hello":"world"}""")]
    public void Parse_NotLifeline_SaysSo(string body)
    {
        var read = DrillApi.Parse(body, At);

        read.Sample.ShouldBeNull();
        read.Error.ShouldNotBeNull().ShouldContain("is --url a Lifeline?");
    }
}
