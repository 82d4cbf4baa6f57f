using Microsoft.Extensions.Logging;

namespace Lifeline.Journal;

internal sealed partial class JournalWriter
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Journal write failed (attempt {Attempt}, {Rows} rows waiting, SQLite error {Code}); retrying: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, int attempt, int rows, int code, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Journal write succeeded again after {Attempts} attempts")]
    private static partial void LogWriteRecovered(ILogger logger, int attempts);

    [LoggerMessage(EventId = 3, Level = LogLevel.Critical, Message = "Journal gave up on {Rows} rows at shutdown after repeated write failures")]
    private static partial void LogRowsLost(ILogger logger, int rows);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Journal pruned {Rows} rows older than the retention settings")]
    private static partial void LogPruned(ILogger logger, int rows);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Journal queue full: {ProbeMinutes} probe-minute rows and {Calls} call rows dropped since start")]
    private static partial void LogDropped(ILogger logger, long probeMinutes, long calls);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Journal prune failed; will try again at the next interval")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
