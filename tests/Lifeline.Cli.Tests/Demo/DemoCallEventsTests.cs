using Lifeline.Cli.Demo;

namespace Lifeline.Cli.Tests.Demo;

public sealed class DemoCallEventsTests
{
    private static readonly TimeSpan Direct = TimeSpan.FromMilliseconds(1);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static DemoCall Direct1(double placedAt, string trunk) =>
        new("c" + placedAt, S(placedAt), Direct, 200, trunk, [new DemoAttempt(trunk, "answered", TimeSpan.Zero, Direct)]);

    private static DemoCall FailedOver(double placedAt, int setupMs, string from = "dies", string to = "steady") =>
        new("f" + placedAt, S(placedAt), TimeSpan.FromMilliseconds(setupMs), 200, to,
        [
            new DemoAttempt(from, "timeout", TimeSpan.Zero, TimeSpan.FromMilliseconds(400)),
            new DemoAttempt(to, "answered", TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(setupMs)),
        ]);

    [Fact]
    public void Update_FailoversEveryTick_AtMostOneLineASecondWithTheWorstAddedDelay()
    {
        var events = new DemoCallEvents();

        var first = events.Update([FailedOver(8.0, 402)], S(8.5), Direct);
        var soon = events.Update([FailedOver(8.1, 405), FailedOver(8.2, 430)], S(8.75), Direct);
        var later = events.Update([FailedOver(8.3, 410)], S(9.5), Direct);

        first.Single().Text.ShouldBe("1 call failed over from dies to steady, worst added delay 401 ms");
        soon.ShouldBeEmpty("less than a second after the last line: gathered for the next one");
        later.Single().Text.ShouldBe("3 calls failed over from dies to steady, worst added delay 429 ms");
        later.Single().At.ShouldBe(S(9.5));
    }

    [Fact]
    public void Update_NoCallTriesTheFailingTrunkFor3Seconds_SaysSoAfterTheLastFailovers()
    {
        var events = new DemoCallEvents();
        events.Update([FailedOver(8.0, 402)], S(8.5), Direct);
        events.Update([FailedOver(8.9, 402)], S(9.0), Direct);

        var early = events.Update([Direct1(9.5, "steady"), Direct1(10.0, "steady")], S(10.1), Direct);
        var skipped = events.Update([Direct1(11.0, "steady"), Direct1(12.0, "steady")], S(12.1), Direct);

        early.Select(e => e.Text).ShouldBe(["1 call failed over from dies to steady, worst added delay 401 ms"], "a quiet gateway still gets a trial call a second: 1.1 s without one proves nothing");
        skipped.Select(e => e.Text).ShouldBe(
        [
            "no call tries dies any more: the last one that did was placed at t+8.9 s, 0.9 s after the first failover from it",
        ]);
    }

    [Fact]
    public void Update_SkippedTrunkAnswersAgain_TrafficIsBackOnIt()
    {
        var events = new DemoCallEvents();
        events.Update([FailedOver(8.0, 402)], S(8.5), Direct);
        events.Update([Direct1(9.5, "steady"), Direct1(11.5, "steady")], S(11.6), Direct);

        var back = events.Update([Direct1(25.3, "dies")], S(25.5), Direct);
        var again = events.Update([Direct1(25.4, "dies")], S(25.75), Direct);

        back.Single().Text.ShouldBe("traffic is back on dies: it answered a call placed at t+25.3 s, the first since t+8.0 s");
        again.ShouldBeEmpty("told once");
    }

    [Fact]
    public void Update_LostCallAndFlush_ToldAtOnceInCapitals()
    {
        var events = new DemoCallEvents();
        events.Update([FailedOver(8.0, 402)], S(8.5), Direct);
        DemoCall lost = new("x", S(8.6), TimeSpan.FromMilliseconds(820), 503, null,
            [new DemoAttempt("dies", "timeout", TimeSpan.Zero, S(0.4)), new DemoAttempt("steady", "timeout", S(0.4), S(0.8))]);

        var flushed = events.Update([lost], S(8.75), Direct, flush: true);

        flushed.Single().Text.ShouldBe("1 call LOST after trying dies and steady, worst added delay 819 ms");
    }

    [Fact]
    public void Describe_MixedPaths_OneGroupEach()
    {
        var text = DemoCallEvents.Describe([FailedOver(8.0, 402), FailedOver(8.1, 405, "steady", "lossy"), FailedOver(8.2, 403)], Direct);

        text.ShouldBe("2 calls failed over from dies to steady; 1 call failed over from steady to lossy, worst added delay 404 ms");
    }
}
