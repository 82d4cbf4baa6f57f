namespace Lifeline.Sip.Transports;

/// <summary>Rate-limits fault reports to the handler: one per kind per interval, with a count of the ones held back.</summary>
internal sealed class SipFaultReporter
{
    private static readonly int KindCount = Enum.GetValues<SipTransportFaultKind>().Length;

    private readonly Lock _lock = new();
    private readonly ISipMessageHandler _handler;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly long[] _lastReport = new long[KindCount];
    private readonly bool[] _everReported = new bool[KindCount];
    private readonly int[] _suppressed = new int[KindCount];

    public SipFaultReporter(ISipMessageHandler handler, TimeProvider time, TimeSpan interval)
    {
        _handler = handler;
        _time = time;
        _interval = interval;
    }

    /// <summary>Set once the transport knows its bound address.</summary>
    public SipEndPoint Transport { get; set; }

    public void Report(SipTransportFaultKind kind, Exception? exception)
    {
        var k = (int)kind;
        int suppressed;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            if (_everReported[k] && _time.GetElapsedTime(_lastReport[k], now) < _interval)
            {
                _suppressed[k]++;
                return;
            }

            suppressed = _suppressed[k];
            _suppressed[k] = 0;
            _lastReport[k] = now;
            _everReported[k] = true;
        }

        try
        {
            _handler.OnFault(new SipTransportFault(kind, Transport, exception, suppressed));
        }
        catch (Exception)
        {
            // A handler that fails to log a fault must not take the transport down with it.
        }
    }
}
