using System.Net;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;
using Lifeline.Testing;

namespace Lifeline.Sip.Tests.Transactions;

/// <summary>A transaction layer wired to a manual clock, a fake sender and a recording TU.</summary>
internal sealed class SipTransactionTestBed : IDisposable
{
    public static readonly SipTransactionDestination Udp = new(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5060), IsReliable: false);

    public static readonly SipTransactionDestination Tcp = new(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5060), IsReliable: true);

    public SipTransactionTestBed(SipTimerOptions? timers = null)
    {
        Sender = new FakeTransactionSender(Clock);
        Layer = new SipTransactionLayer(Sender, User, Clock, timers);
    }

    public ManualTimeProvider Clock { get; } = new();

    public FakeTransactionSender Sender { get; }

    public RecordingTransactionUser User { get; } = new();

    public RecordingClientListener Listener { get; } = new();

    public SipTransactionLayer Layer { get; }

    /// <summary>Seconds since the test started.</summary>
    public double Now => Clock.Elapsed.TotalSeconds;

    public void Advance(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds));

    /// <summary>Moves the clock to an absolute time (seconds since the start).</summary>
    public void AdvanceTo(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds) - Clock.Elapsed);

    public SipClientTransaction Start(SipMessage request, bool reliable = false, TimeSpan? timeout = null)
        => Layer.StartClientTransaction(request, reliable ? Tcp : Udp, Listener, timeout);

    public SipReceiveDisposition Receive(SipMessage message, bool reliable = false) => Layer.Receive(message, reliable ? Tcp : Udp);

    public void Dispose() => Layer.Dispose();
}
