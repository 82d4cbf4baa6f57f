using Microsoft.Extensions.Logging;

namespace Lifeline.Cli.Hosting;

internal static partial class DaemonHost
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Lifeline started: HTTP API on {Url}, configuration {ConfigFile}, journal {JournalPath}")]
    private static partial void LogStarted(ILogger logger, string url, string configFile, string journalPath);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Lifeline stopped")]
    private static partial void LogStopped(ILogger logger);
}
