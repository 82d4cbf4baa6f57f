using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Lifeline.Sip.Transports;
using static Lifeline.Sip.Tests.Transports.TransportTestKit;

namespace Lifeline.Sip.Tests.Transports;

public class SipTransportMetricsTests
{
    [Fact]
    public async Task Meter_LifelineSip_PublishesTheCountersTaggedWithTheTransport()
    {
        var handler = new RecordingSipHandler();
        await using var receiver = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, handler);
        await using var sender = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, new RecordingSipHandler());
        (await sender.SendAsync(Bytes(Request()), receiver.LocalEndPoint)).IsSent.ShouldBeTrue();
        await handler.NextMessageAsync();

        var seen = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Lifeline.Sip")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "sip.transport")
                {
                    seen[instrument.Name + " " + tag.Value] = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();

        seen["lifeline.sip.transport.messages.received " + receiver.LocalEndPoint].ShouldBe(1);
        seen["lifeline.sip.transport.messages.sent " + sender.LocalEndPoint].ShouldBe(1);
        seen["lifeline.sip.transport.bytes.received " + receiver.LocalEndPoint].ShouldBe(Request().Length);
    }
}
