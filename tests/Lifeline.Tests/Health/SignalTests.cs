using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class SignalTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Describe_EachKind_OperatorSentence()
    {
        Signal.ProbeAnswered(T0, TimeSpan.FromMilliseconds(23.4)).Describe().ShouldBe("probe answered in 23 ms");
        Signal.ProbeTimedOut(T0, TimeSpan.FromSeconds(2)).Describe().ShouldBe("probe timed out after 2000 ms");
        Signal.ProbeTransportError(T0).Describe().ShouldBe("probe transport error");
        Signal.ProbeRejected(T0, TimeSpan.FromMilliseconds(5), 503).Describe().ShouldBe("probe answered 503, judged a failure");
        Signal.CallCarrierFailure(T0, 503).Describe().ShouldBe("call failed: 503");
        Signal.CallTimedOut(T0, TimeSpan.FromSeconds(2)).Describe().ShouldBe("call got no response in 2000 ms");
        Signal.CallCalleeResult(T0, 486).Describe().ShouldBe("call ended with callee result 486");
        Signal.Registration(T0, accepted: false, code: 403).Describe().ShouldBe("registration rejected: 403");
        Signal.ProcessCheck(T0, passed: false).Describe().ShouldBe("process check failed");
    }

    [Fact]
    public void IsSuccess_CalleeResult_CountsForTheCarrier()
    {
        Signal.CallCalleeResult(T0, 486).IsSuccess.ShouldBeTrue();
        Signal.CallCarrierFailure(T0, 503).IsFailure.ShouldBeTrue();
        Signal.ProbeAnswered(T0, TimeSpan.Zero, 404).IsSuccess.ShouldBeTrue(); // any response proves the gateway alive
    }

    [Fact]
    public void Registration_NoResponse_Timeout()
    {
        Signal.Registration(T0, accepted: false).Outcome.ShouldBe(SignalOutcome.Timeout);
        Signal.Registration(T0, accepted: true).IsLiveness.ShouldBeTrue();
        Signal.CallAnswered(T0).IsLiveness.ShouldBeFalse();
    }
}
