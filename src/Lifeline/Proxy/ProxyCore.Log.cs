using Microsoft.Extensions.Logging;

namespace Lifeline.Proxy;

internal sealed partial class ProxyCore
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "proxy: refused {Method} from {Source}: not in proxy.allow ({Forbidden} refused so far; one line per source per minute)")]
    private static partial void LogForbidden(ILogger logger, string source, string method, long forbidden);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "proxy: gateway {Gateway} cannot be sent calls: {Reason}")]
    private static partial void LogUnusableGateway(ILogger logger, string gateway, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "proxy: a call's timer failed (a bug; the call may be left unanswered)")]
    private static partial void LogFault(ILogger logger, Exception exception);
}
