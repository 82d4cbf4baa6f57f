using System.Net.Http.Json;
using System.Text.Json;

namespace Lifeline.EndToEnd.Tests.Probing;

/// <summary>Reads a running daemon's HTTP API the way an operator's script would: status, events, metrics.</summary>
internal sealed class ProbingApiClient(string baseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };

    public string BaseUrl { get; } = baseUrl;

    /// <summary>A gateway's entry of <c>GET /api/status</c>, or null while the daemon does not answer.</summary>
    public async Task<JsonElement?> GatewayAsync(string gatewayId)
    {
        try
        {
            using var status = await _http.GetFromJsonAsync<JsonDocument>("/api/status");
            foreach (var trunk in status!.RootElement.GetProperty("trunks").EnumerateArray())
            {
                foreach (var gateway in trunk.GetProperty("gateways").EnumerateArray())
                {
                    if (gateway.GetProperty("id").GetString() == gatewayId)
                    {
                        return gateway.Clone();
                    }
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Not listening yet.
        }

        return null;
    }

    /// <summary>Polls until the gateway's health is <paramref name="health"/> (generous limit for a loaded machine); returns its entry.</summary>
    public async Task<JsonElement> WaitForHealthAsync(string gatewayId, string health, TimeSpan limit, Func<JsonElement, bool>? also = null)
    {
        var deadline = DateTime.UtcNow + limit;
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await GatewayAsync(gatewayId);
            if (last is { } gateway && gateway.GetProperty("health").GetString() == health && (also is null || also(gateway)))
            {
                return gateway;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{gatewayId} did not become {health} within {limit}; last status: {last}");
    }

    /// <summary>The transitions of <c>GET /api/events</c> for a target, oldest first, as "From->To".</summary>
    public async Task<List<(string Step, DateTimeOffset At)>> TransitionsAsync(string targetId)
    {
        using var events = await _http.GetFromJsonAsync<JsonDocument>("/api/events?limit=500&target=" + Uri.EscapeDataString(targetId));
        var result = new List<(string, DateTimeOffset)>();
        foreach (var item in events!.RootElement.GetProperty("events").EnumerateArray())
        {
            if (item.GetProperty("kind").GetString() == "transition")
            {
                result.Add((item.GetProperty("from").GetString() + "->" + item.GetProperty("to").GetString(), item.GetProperty("at").GetDateTimeOffset()));
            }
        }

        result.Reverse();
        return result;
    }

    public Task<string> MetricsAsync() => _http.GetStringAsync("/metrics");

    public void Dispose() => _http.Dispose();
}
