using Lifeline.Cli.Api;
using Lifeline.Cli.Commands;
using Lifeline.Testing;

namespace Lifeline.Cli.Tests.Commands;

public sealed class StatusCommandTests
{
    [Fact]
    public async Task Status_NothingListening_Exit1WithOneLine()
    {
        var url = "http://127.0.0.1:" + FreePort.Get();

        var (code, output, error) = await CliRun.InvokeAsync("status", "--url", url);

        code.ShouldBe(1);
        output.ShouldBeEmpty();
        error.TrimEnd().Split('\n').ShouldHaveSingleItem().ShouldStartWith($"lifeline: cannot reach Lifeline at {url} (");
    }

    [Fact]
    public async Task Status_NotAnUrl_Exit2()
    {
        var (code, _, error) = await CliRun.InvokeAsync("status", "--url", "localhost 8080");

        code.ShouldBe(2);
        error.ShouldStartWith("lifeline: --url localhost 8080: expected an address like http://127.0.0.1:8080");
    }

    [Fact]
    public void Write_Status_TableWithHealthRttSinceAndReasonWithoutColourWhenCaptured()
    {
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var status = new StatusResponse(
            at,
            new SelfHealthStatus("Healthy", null, at.AddHours(-1), false, 0.4),
            new JournalStatus("/var/lib/lifeline/lifeline.db", true, null, 0),
            [
                new TrunkStatus
                {
                    Name = "primary",
                    Enabled = true,
                    Health = "Up",
                    GatewaysInService = 1,
                    Gateways =
                    [
                        new GatewayStatus
                        {
                            Id = "primary/sip:203.0.113.10:5060",
                            Uri = "sip:203.0.113.10:5060",
                            Health = "Up",
                            Since = at.AddMinutes(-3),
                            TrafficShare = 1,
                            Rtt = new RttStatus(21.4, 20, 24, 31, 50),
                        },
                        new GatewayStatus
                        {
                            Id = "primary/sip:203.0.113.11:5060",
                            Uri = "sip:203.0.113.11:5060",
                            Health = "Down",
                            Since = at.AddSeconds(-42),
                            LastTransition = new TransitionStatus(at.AddSeconds(-42), "Suspect", "Down", "3 probes in a row timed out [last 2000 ms]"),
                        },
                    ],
                },
            ]);
        using var writer = new StringWriter();

        StatusTable.Write(status, writer);

        var text = writer.ToString();
        text.ShouldNotContain("\u001b[");
        text.ShouldContain("Self-health: Healthy");
        text.ShouldContain("Journal: ok (/var/lib/lifeline/lifeline.db)");
        var up = text.Split('\n').Single(l => l.Contains("sip:203.0.113.10:5060", StringComparison.Ordinal));
        up.ShouldContain("primary");
        up.ShouldContain("Up");
        up.ShouldContain("3 min ago");
        up.ShouldContain("100%");
        up.ShouldContain("21.4/20/31");
        var down = text.Split('\n').Single(l => l.Contains("sip:203.0.113.11:5060", StringComparison.Ordinal));
        down.ShouldContain("Down");
        down.ShouldContain("42 s ago");
        down.ShouldContain("Suspect -> Down: 3 probes in a row timed out [last 2000 ms]");
    }
}
