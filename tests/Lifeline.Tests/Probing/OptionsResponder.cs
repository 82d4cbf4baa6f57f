using System.Net;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Transports;
using Lifeline.Sip.Writing;

namespace Lifeline.Tests.Probing;

/// <summary>A gateway played by a real SIP transport on loopback: it answers every OPTIONS with one status code.</summary>
internal sealed class OptionsResponder : ISipMessageHandler, IAsyncDisposable
{
    private readonly int _code;
    private ISipTransport? _transport;
    private int _answered;

    private OptionsResponder(int code) => _code = code;

    public SipEndPoint EndPoint => _transport!.LocalEndPoint;

    public int Answered => Volatile.Read(ref _answered);

    /// <summary>The gateway URI probes should be sent to.</summary>
    public string Uri => EndPoint.Protocol == SipTransportProtocol.Tcp
        ? $"sip:127.0.0.1:{EndPoint.EndPoint.Port};transport=tcp"
        : $"sip:127.0.0.1:{EndPoint.EndPoint.Port}";

    public static OptionsResponder Start(int code, SipTransportProtocol protocol = SipTransportProtocol.Udp, IPAddress? bind = null)
    {
        var responder = new OptionsResponder(code);
        var opened = SipTransport.Open(new SipEndPoint(protocol, bind ?? IPAddress.Loopback, 0), responder);
        opened.IsSuccess.ShouldBeTrue(opened.Error);
        responder._transport = opened.Transport;
        return responder;
    }

    public void OnMessage(in SipInboundMessage message)
    {
        if (!SipParser.Default.ParseDatagram(message.Data).TryGetMessage(out var request) || !request.IsRequest || request.Method.Kind != SipMethodKind.Options)
        {
            return;
        }

        var response = SipResponses.Create(request, _code, toTag: "gw").ToArray();
        Interlocked.Increment(ref _answered);
        _ = message.Transport.SendAsync(response, message.Remote, message.Connection).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        if (_transport is not null)
        {
            await _transport.DisposeAsync();
        }
    }
}
