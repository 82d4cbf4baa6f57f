using System.Net;
using Lifeline.Sip.Transports;
using Lifeline.Sip.Uris;

namespace Lifeline.Cli.Ping;

/// <summary>What one <c>lifeline ping</c> run does, after its arguments were checked.</summary>
internal sealed record PingSettings(
    SipUri Target,
    int Count,
    TimeSpan Interval,
    TimeSpan Timeout,
    SipTransportProtocol? Transport,
    SipUri? From,
    IPEndPoint? DnsServer = null);
