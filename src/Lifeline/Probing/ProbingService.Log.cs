using Microsoft.Extensions.Logging;

namespace Lifeline.Probing;

internal sealed partial class ProbingService
{
    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "Probing {Targets} gateways, at most {MaxRate} probes a second, from {Transports}")]
    private static partial void LogStarted(ILogger logger, int targets, double maxRate, string transports);

    [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "Probing stopped after {Sent} probes ({Late} started late)")]
    private static partial void LogStopped(ILogger logger, long sent, long late);

    [LoggerMessage(EventId = 322, Level = LogLevel.Warning, Message = "Gateway {Target} is not probed: {Reason}")]
    private static partial void LogNotProbed(ILogger logger, string target, string reason);
}
