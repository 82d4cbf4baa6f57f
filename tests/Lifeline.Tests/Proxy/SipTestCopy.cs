using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;

namespace Lifeline.Tests.Proxy;

/// <summary>Copies a message handed to a callback (valid only during the call) so a test can keep it.</summary>
internal static class SipTestCopy
{
    public static SipMessage Of(SipMessage message) => SipParser.Default.ParseDatagram(message.Bytes.ToArray()).Message!;
}
