using System.Text;
using Lifeline.Sip.Transports;

namespace Lifeline.Sip.Tests.Transports;

/// <summary>A copy of a <see cref="SipInboundMessage"/>, kept after the handler call.</summary>
internal sealed record ReceivedSipMessage(byte[] Data, SipEndPoint Remote, SipEndPoint Local, SipConnectionId Connection, long Timestamp, ISipTransport Transport)
{
    public string Text => Encoding.UTF8.GetString(Data);
}
