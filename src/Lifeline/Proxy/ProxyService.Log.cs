using Microsoft.Extensions.Logging;

namespace Lifeline.Proxy;

internal sealed partial class ProxyService
{
    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "proxy: listening on {Listen} (Via and Record-Route name {Advertised})")]
    private static partial void LogStarted(ILogger logger, string listen, string advertised);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "proxy: stopped")]
    private static partial void LogStopped(ILogger logger);
}
