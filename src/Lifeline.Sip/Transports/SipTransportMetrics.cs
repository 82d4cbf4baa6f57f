using System.Diagnostics.Metrics;

namespace Lifeline.Sip.Transports;

/// <summary>
/// Publishes one transport's counters as observable instruments of a "Lifeline.Sip" meter, tagged with the
/// transport's address. The meter lives and dies with the transport, so no callback outlives it.
/// </summary>
internal sealed class SipTransportMetrics : IDisposable
{
    public const string MeterName = "Lifeline.Sip";

    private readonly Meter _meter;

    public SipTransportMetrics(SipTransportCounters counters, SipEndPoint local)
    {
        _meter = new Meter(MeterName);
        KeyValuePair<string, object?>[] tags = [new("sip.transport", local.ToString())];
        Counter("lifeline.sip.transport.messages.received", "{message}", "SIP messages received", () => Volatile.Read(ref counters.MessagesReceived), tags);
        Counter("lifeline.sip.transport.messages.sent", "{message}", "SIP messages sent", () => Volatile.Read(ref counters.MessagesSent), tags);
        Counter("lifeline.sip.transport.bytes.received", "By", "Bytes read from sockets", () => Volatile.Read(ref counters.BytesReceived), tags);
        Counter("lifeline.sip.transport.bytes.sent", "By", "Bytes written to sockets", () => Volatile.Read(ref counters.BytesSent), tags);
        Counter("lifeline.sip.transport.send.failures", "{send}", "Sends that failed", () => Volatile.Read(ref counters.SendFailures), tags);
        Counter("lifeline.sip.transport.oversized.dropped", "{datagram}", "Oversized datagrams dropped", () => Volatile.Read(ref counters.OversizedDropped), tags);
        Counter("lifeline.sip.transport.keepalives.received", "{keepalive}", "CRLF keepalives received", () => Volatile.Read(ref counters.KeepAlivesReceived), tags);
        Counter("lifeline.sip.transport.framing.errors", "{connection}", "Connections closed for bad framing", () => Volatile.Read(ref counters.FramingErrors), tags);
        Counter("lifeline.sip.transport.buffer.overflows", "{connection}", "Connections closed for buffering too much", () => Volatile.Read(ref counters.BufferOverflows), tags);
        Counter("lifeline.sip.transport.connections.opened", "{connection}", "Connections accepted or established", () => Volatile.Read(ref counters.ConnectionsAccepted) + Volatile.Read(ref counters.ConnectionsConnected), tags);
        Counter("lifeline.sip.transport.connections.closed", "{connection}", "Connections closed", () => Volatile.Read(ref counters.ConnectionsClosed), tags);
        Counter("lifeline.sip.transport.connections.refused", "{connection}", "Inbound connections refused over the cap", () => Volatile.Read(ref counters.ConnectionsRefused), tags);
        Counter("lifeline.sip.transport.connect.failures", "{connection}", "Outbound connections that failed", () => Volatile.Read(ref counters.ConnectFailures), tags);
        Counter("lifeline.sip.transport.handler.exceptions", "{exception}", "Exceptions thrown by the message handler", () => Volatile.Read(ref counters.HandlerExceptions), tags);
        Counter("lifeline.sip.transport.receive.errors", "{error}", "Socket errors survived by receive loops", () => Volatile.Read(ref counters.ReceiveErrors), tags);
        _meter.CreateObservableUpDownCounter(
            "lifeline.sip.transport.connections.active",
            () => new Measurement<long>(Volatile.Read(ref counters.ActiveConnections), tags),
            "{connection}",
            "Connections open now");
    }

    public void Dispose() => _meter.Dispose();

    private void Counter(string name, string unit, string description, Func<long> read, KeyValuePair<string, object?>[] tags) =>
        _meter.CreateObservableCounter(name, () => new Measurement<long>(read(), tags), unit, description);
}
