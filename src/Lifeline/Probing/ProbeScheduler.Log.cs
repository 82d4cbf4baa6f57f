using Microsoft.Extensions.Logging;

namespace Lifeline.Probing;

internal sealed partial class ProbeScheduler
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Probe to {Target} failed: {Failure} after {Milliseconds} ms")]
    private static partial void LogProbeFailed(ILogger logger, string target, ProbeFailure failure, double milliseconds);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "CRLF pong from {Target} in {Milliseconds} ms")]
    private static partial void LogPong(ILogger logger, string target, double milliseconds);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "No CRLF pong from {Target} in time (RFC 5626: the flow failed)")]
    private static partial void LogPongLost(ILogger logger, string target);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "The probe scheduler ran {Milliseconds} ms late: the process or the machine stalled, so Lifeline suspects itself before any carrier")]
    private static partial void LogLateTicks(ILogger logger, double milliseconds);
}
