using Lifeline.Cli.Demo;
using Lifeline.Journal;

namespace Lifeline.Cli.Tests.Demo;

public sealed class DemoCallLogTests
{
    private const string Tried = """[{"trunk":"dies","gateway":"sip:127.0.0.1:5071","outcome":"timeout","startMs":0,"endMs":400.2},{"trunk":"steady","gateway":"sip:127.0.0.1:5072","outcome":"answered","code":200,"startMs":400.3,"endMs":401.9}]""";

    private static DemoCall Call(string id, int code = 200) => new(id, TimeSpan.FromSeconds(8), TimeSpan.FromMilliseconds(402), code, code == 200 ? "steady" : null, []);

    private static CallRecord Record(string id, string tried = Tried) => new(DateTimeOffset.UnixEpoch, id, "15550001", "15550001", tried, 200, "OK", TimeSpan.FromMilliseconds(402));

    [Fact]
    public void Ended_DialerFirstThenRecord_ListedOnceWithTheProxysAttempts()
    {
        var log = new DemoCallLog();
        log.CallPlaced();

        log.Ended(Call("a"));
        var before = log.All();
        log.Record(Record("a"));

        before.ShouldBeEmpty("a call waits for the proxy's half");
        var call = log.All().Single();
        call.Tried.Select(t => (t.Trunk, t.Outcome)).ShouldBe([("dies", "timeout"), ("steady", "answered")]);
        call.Tried[0].End.ShouldBe(TimeSpan.FromMilliseconds(400.2));
        call.FailedOver.ShouldBeTrue();
        log.InFlight.ShouldBe(0);
    }

    [Fact]
    public void Record_BeforeTheDialersHalf_JoinedWhenItComes()
    {
        var log = new DemoCallLog();
        log.CallPlaced();
        log.CallPlaced();

        log.Record(Record("b"));
        log.Ended(Call("b"));

        log.All().Single().Tried.Count.ShouldBe(2);
        log.InFlight.ShouldBe(1, "the second call has not ended");
    }

    [Fact]
    public void Ended_NoResponseAtAll_ListedAtOnceAsLost()
    {
        var log = new DemoCallLog();
        log.CallPlaced();

        log.Ended(Call("c", code: 0));

        var call = log.All().Single();
        call.Answered.ShouldBeFalse();
        call.Tried.ShouldBeEmpty();
    }

    [Fact]
    public void Settle_RecordNeverCame_ListsTheCallWithoutAttempts()
    {
        var log = new DemoCallLog();
        log.CallPlaced();
        log.Ended(Call("d"));

        log.Settle();

        log.All().Single().CallId.ShouldBe("d");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"trunk\":\"dies\"}")]
    [InlineData("[{\"trunk\":1,\"outcome\":\"answered\"}]")]
    public void Attempts_UnreadableJson_Empty(string json) => DemoCallLog.Attempts(json).ShouldBeEmpty();
}
