using Lifeline.Cli.Demo;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Lifeline.Cli.Tests.Demo;

public sealed class DemoLiveViewTests
{
    private static string Render(IRenderable renderable)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 80;
        console.Write(renderable);
        return writer.ToString();
    }

    private static DemoCall FailedOver(double placedAt, int setupMs) =>
        new("f" + placedAt, TimeSpan.FromSeconds(placedAt), TimeSpan.FromMilliseconds(setupMs), 200, "steady",
        [
            new DemoAttempt("dies", "timeout", TimeSpan.Zero, TimeSpan.FromMilliseconds(400)),
            new DemoAttempt("steady", "answered", TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(setupMs)),
        ]);

    private static DemoCall Direct(double placedAt, string trunk) =>
        new("d" + placedAt, TimeSpan.FromSeconds(placedAt), TimeSpan.FromMilliseconds(1), 200, trunk, [new DemoAttempt(trunk, "answered", TimeSpan.Zero, TimeSpan.FromMilliseconds(1))]);

    [Fact]
    public void Calls_AfterAFailover_ShowsTotalsPerTrunkDelayAndTheLastEventsWithin80Columns()
    {
        var figures = DemoCallFigures.Of(
            [Direct(7.9, "dies"), FailedOver(8.1, 412), Direct(12.0, "steady")],
            20,
            4,
            [new DemoTrunkCalls("dies", 1, 0, 2, 1, 1), new DemoTrunkCalls("steady", 2, 2, 2, 2, 0)]);
        DemoCallEvent[] events = [new(TimeSpan.FromSeconds(8.6), "1 call failed over from dies to steady, worst added delay 411 ms")];

        var text = Render(DemoLiveView.Calls(figures, events));

        text.ShouldContain("Calls    placed 4 · answered 3 · lost 0 · in flight 1");
        text.ShouldContain("Trunks   carried/now dies 1/0 · steady 2/2");
        text.ShouldContain("Failover 1 call · delayed 1 (> 50 ms) · worst added 411 ms (goal ≤ 1 s)");
        text.ShouldContain("t+8.6 s  1 call failed over from dies to steady, worst added delay 411 ms");
        text.Split('\n').ShouldAllBe(line => line.TrimEnd().Length <= 80);
    }

    [Fact]
    public void Calls_LostCall_SaysLostInCapitals()
    {
        DemoCall lost = new("x", TimeSpan.FromSeconds(9), TimeSpan.FromMilliseconds(820), 503, null, []);
        var figures = DemoCallFigures.Of([lost], 20, 1, []);

        var text = Render(DemoLiveView.Calls(figures, []));

        text.ShouldContain("LOST 1");
        text.ShouldContain("none yet: every call is answered by the first trunk tried");
    }
}
