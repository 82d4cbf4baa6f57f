using Microsoft.Extensions.Logging;

namespace Lifeline.Cli.Api;

internal static partial class ApiRoutes
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Refused {Method} {Path} from {Remote}: {Why}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string remote, string why);
}
