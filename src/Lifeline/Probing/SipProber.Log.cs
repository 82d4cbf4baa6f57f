using Lifeline.Sip.Transports;
using Microsoft.Extensions.Logging;

namespace Lifeline.Probing;

internal sealed partial class SipProber
{
    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Gateway {Target}: the RFC 3263 lookup of {Host} failed ({Reason}); its probes fail until it resolves")]
    private static partial void LogResolveFailed(ILogger logger, string target, string host, string reason);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "Gateway {Target}: {Host} resolves to {EndPoint}")]
    private static partial void LogResolved(ILogger logger, string target, string host, string endPoint);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Probe transport {Transport}: {Kind} ({Suppressed} more not reported)")]
    private static partial void LogTransportFault(ILogger logger, SipTransportFaultKind kind, string transport, int suppressed, Exception? exception);

    [LoggerMessage(EventId = 313, Level = LogLevel.Information, Message = "Gateway {Target} answers from another address than it is probed at; it is probed from the shared socket only, so an ICMP port unreachable from it cannot be seen")]
    private static partial void LogAnswersFromElsewhere(ILogger logger, string target);
}
