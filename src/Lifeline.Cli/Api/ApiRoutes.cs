using System.Globalization;
using Lifeline.Cli.Metrics;
using Lifeline.Health;
using Lifeline.Journal;
using Lifeline.Monitoring;
using Lifeline.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lifeline.Cli.Api;

/// <summary>
/// The HTTP API (docs/operations.md has the reference): status, events, health check, metrics, and the changes
/// an operator makes (drain, disable, enable a gateway or a whole trunk), which need the bearer token.
/// </summary>
internal static partial class ApiRoutes
{
    /// <summary>The log category of the API's own lines.</summary>
    public const string LogCategory = "Lifeline.Api";

    private const string PrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Map(WebApplication app)
    {
        app.MapGet("/api/status", GetStatus);
        app.MapGet("/api/events", GetEvents);
        app.MapGet("/healthz", GetHealthz);
        app.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Render(), PrometheusContentType));

        // The target id holds '/' and ':' ("primary/sip:203.0.113.10:5060"): it may come percent-encoded or as is,
        // so the whole rest of the path is taken and the last segment is the command.
        app.MapPost("/api/targets/{**path}", ChangeTargetAsync);
        app.MapPost("/api/trunks/{name}/{command}", ChangeTrunkAsync);
    }

    private static IResult GetStatus(HealthMonitor monitor, JournalDatabase journal, TimeProvider time, HttpContext context) =>
        Results.Json(
            StatusView.Build(monitor, journal.Path, time.GetUtcNow(), context.RequestServices.GetService<ProxyService>()?.Statistics),
            ApiJson.Context.StatusResponse);

    private static IResult GetEvents(HttpRequest request, JournalReader reader)
    {
        var query = request.Query;
        var target = query["target"].ToString();
        EventCursor? before = null;
        var beforeText = query["before"].ToString();
        if (beforeText.Length > 0)
        {
            if (!EventCursor.TryParse(beforeText, out var cursor))
            {
                return Error(StatusCodes.Status400BadRequest, "before: expected the \"next\" value of a previous page, like t120a45");
            }

            before = cursor;
        }

        var limit = EventsQuery.DefaultLimit;
        var limitText = query["limit"].ToString();
        if (limitText.Length > 0
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > JournalReader.MaxPageSize))
        {
            return Error(StatusCodes.Status400BadRequest, string.Create(CultureInfo.InvariantCulture, $"limit: expected a whole number from 1 to {JournalReader.MaxPageSize}"));
        }

        var page = EventsQuery.Read(reader, target.Length > 0 ? target : null, before, limit);
        return Results.Json(page, ApiJson.Context.EventsResponse);
    }

    private static IResult GetHealthz(HealthMonitor monitor)
    {
        if (!monitor.IsRunning)
        {
            return Results.Text("health monitor not running (starting or stopping)", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var self = monitor.Board.SelfHealth;
        if (self.State != SelfHealthState.Healthy)
        {
            return Results.Text("self-health Suspect: " + self.Reason, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (monitor.Writer.LastFailure is { } failure)
        {
            return Results.Text("journal writes failing: " + failure, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Text("ok");
    }

    private static async Task<IResult> ChangeTargetAsync(string path, HttpContext context, HealthMonitor monitor, ChangeAuthorization authorization, ILoggerFactory loggers)
    {
        var refused = Authorize(context, authorization, loggers);
        if (refused is not null)
        {
            return refused;
        }

        var decoded = Uri.UnescapeDataString(path);
        var slash = decoded.LastIndexOf('/');
        if (slash <= 0 || !TryParseCommand(decoded[(slash + 1)..], out var command))
        {
            return Error(StatusCodes.Status404NotFound, "expected POST /api/targets/{id}/drain, /disable or /enable");
        }

        var note = Note(context.Request);
        var result = await monitor.ChangeAsync(decoded[..slash], command, Actor(context), note, context.RequestAborted).ConfigureAwait(false);
        return Respond(command, [result]);
    }

    private static async Task<IResult> ChangeTrunkAsync(string name, string command, HttpContext context, HealthMonitor monitor, ChangeAuthorization authorization, ILoggerFactory loggers)
    {
        var refused = Authorize(context, authorization, loggers);
        if (refused is not null)
        {
            return refused;
        }

        if (!TryParseCommand(command, out var parsed))
        {
            return Error(StatusCodes.Status404NotFound, "expected POST /api/trunks/{name}/drain, /disable or /enable");
        }

        var results = await monitor.ChangeTrunkAsync(name, parsed, Actor(context), Note(context.Request), context.RequestAborted).ConfigureAwait(false);
        return results is null
            ? Error(StatusCodes.Status404NotFound, "no trunk named " + name + " in the configuration")
            : Respond(parsed, results);
    }

    private static IResult? Authorize(HttpContext context, ChangeAuthorization authorization, ILoggerFactory loggers)
    {
        var verdict = authorization.Check(context.Request);
        switch (verdict)
        {
            case ChangeAuthorizationResult.Allowed:
                return null;
            case ChangeAuthorizationResult.NoTokenConfigured:
                return Error(StatusCodes.Status403Forbidden, "changes through the API are off: set http.token in the configuration (e.g. token: ${LIFELINE_TOKEN}) and send it as Authorization: Bearer <token>");
            default:
                LogRefused(loggers.CreateLogger(LogCategory), context.Request.Method, context.Request.Path.ToString(), Remote(context), verdict == ChangeAuthorizationResult.Missing ? "no bearer token" : "wrong token");
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return Error(StatusCodes.Status401Unauthorized, verdict == ChangeAuthorizationResult.Missing
                    ? "this change needs the header Authorization: Bearer <token>, with the token set as http.token"
                    : "the bearer token does not match http.token");
        }
    }

    private static IResult Respond(OperatorCommand command, IReadOnlyList<OperatorChangeResult> results)
    {
        var targets = new List<ChangedTarget>(results.Count);
        var status = StatusCodes.Status200OK;
        foreach (var r in results)
        {
            targets.Add(new ChangedTarget(r.TargetId, StatusName(r.Status), r.Health?.ToString(), r.Message));
            var code = r.Status switch
            {
                OperatorChangeStatus.Unknown => StatusCodes.Status404NotFound,
                OperatorChangeStatus.NotWatched => StatusCodes.Status409Conflict,
                OperatorChangeStatus.Failed => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status200OK,
            };
            status = Math.Max(status, code);
        }

        return Results.Json(new ChangeResponse(command.ToString().ToLowerInvariant(), targets), ApiJson.Context.ChangeResponse, statusCode: status);
    }

    private static bool TryParseCommand(string text, out OperatorCommand command)
    {
        switch (text)
        {
            case "drain":
                command = OperatorCommand.Drain;
                return true;
            case "disable":
                command = OperatorCommand.Disable;
                return true;
            case "enable":
                command = OperatorCommand.Enable;
                return true;
            default:
                command = default;
                return false;
        }
    }

    private static string StatusName(OperatorChangeStatus status) => status switch
    {
        OperatorChangeStatus.Changed => "changed",
        OperatorChangeStatus.Unchanged => "unchanged",
        OperatorChangeStatus.Unknown => "unknown",
        OperatorChangeStatus.NotWatched => "not-watched",
        _ => "failed",
    };

    private static string? Note(HttpRequest request)
    {
        var note = request.Query["note"].ToString();
        if (note.Length == 0)
        {
            return null;
        }

        // It goes into one log line and one journal row: no line breaks or other control characters.
        var clean = string.Create(Math.Min(note.Length, 500), note, static (span, text) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(text[i]) ? ' ' : text[i];
            }
        });
        return clean;
    }

    private static string Actor(HttpContext context) => "api " + Remote(context);

    private static string Remote(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static IResult Error(int status, string message) => Results.Json(new ErrorResponse(message), ApiJson.Context.ErrorResponse, statusCode: status);
}
