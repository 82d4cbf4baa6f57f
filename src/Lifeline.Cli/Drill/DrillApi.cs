using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Lifeline.Cli.Drill;

/// <summary>The daemon's HTTP API as the drill uses it. Reads the status leniently: only the counters it needs.</summary>
internal sealed class DrillApi : IDrillApi, IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public DrillApi(Uri baseAddress, string? token, TimeProvider time)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _time = time;
    }

    public async Task<DrillRead> ReadAsync(CancellationToken cancellationToken)
    {
        string body;
        try
        {
            using var response = await _http.GetAsync(new Uri("/api/status", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return DrillRead.Failed($"GET /api/status answered {(int)response.StatusCode}");
            }
        }
        catch (HttpRequestException ex)
        {
            return DrillRead.Failed($"cannot reach Lifeline at {_http.BaseAddress} ({ex.Message}): is `lifeline run` running, and is --url its http.listen?");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DrillRead.Failed($"Lifeline at {_http.BaseAddress} did not answer within 10 s");
        }

        return Parse(body, _time.GetUtcNow());
    }

    public async Task<string?> ChangeAsync(string trunk, string command, string note, CancellationToken cancellationToken)
    {
        var path = $"/api/trunks/{Uri.EscapeDataString(trunk)}/{command}?note={Uri.EscapeDataString(note)}";
        try
        {
            using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), null, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return null;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    $"the daemon refused to {command} {trunk} ({(int)response.StatusCode}): a drill needs the API token (http.token), from LIFELINE_TOKEN or --token",
                _ => $"POST {path} answered {(int)response.StatusCode}: {ErrorText(body)}",
            };
        }
        catch (HttpRequestException ex)
        {
            return $"cannot reach Lifeline at {_http.BaseAddress} ({ex.Message})";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"Lifeline at {_http.BaseAddress} did not answer within 10 s";
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Reads the counters out of a status body.</summary>
    internal static DrillRead Parse(string body, DateTimeOffset at)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (!root.TryGetProperty("trunks", out var trunks) || trunks.ValueKind != JsonValueKind.Array)
            {
                return DrillRead.Failed("GET /api/status did not answer with Lifeline's status: is --url a Lifeline?");
            }

            if (!root.TryGetProperty("proxy", out var proxy) || proxy.ValueKind != JsonValueKind.Object)
            {
                return DrillRead.Failed("this Lifeline routes no calls (its configuration has no proxy:), so there is no traffic to move");
            }

            var attempts = new Dictionary<string, long>(StringComparer.Ordinal);
            var health = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var trunk in trunks.EnumerateArray())
            {
                var name = trunk.GetProperty("name").GetString() ?? string.Empty;
                health[name] = trunk.TryGetProperty("health", out var h) ? h.GetString() ?? "unknown" : "unknown";
                attempts[name] = trunk.TryGetProperty("calls", out var calls) ? Number(calls, "attempts") : 0;
            }

            return DrillRead.Of(new TrafficSample(at, attempts, Number(proxy, "received"), Number(proxy, "failed") + Number(proxy, "refused"), health));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return DrillRead.Failed($"GET /api/status did not answer with Lifeline's status ({ex.Message}): is --url a Lifeline?");
        }
    }

    private static long Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private static string ErrorText(string body)
    {
        var line = body.ReplaceLineEndings(" ").Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
