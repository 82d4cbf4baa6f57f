using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lifeline.EndToEnd.Tests.Probing;
using Lifeline.Monitoring;
using Lifeline.Testing;

namespace Lifeline.EndToEnd.Tests.Proxy;

/// <summary>
/// <c>lifeline run</c> with the failover proxy in front of sipp carriers, all on loopback: the daemon's
/// configuration gets a <c>proxy:</c> section listening on a free port (UDP and TCP) that allows only
/// 127.0.0.1, plus the test's <c>trunks:</c>. Ready when the proxy holds its port and every gateway is Up.
/// Disposing kills the daemon (the carriers belong to the test).
/// </summary>
internal sealed class ProxyRig : IDisposable
{
    private readonly LifelineDaemon _daemon;
    private readonly ProbingApiClient _api;
    private readonly IReadOnlyList<SippCarrier> _carriers;

    private ProxyRig(LifelineDaemon daemon, int proxyPort, IReadOnlyList<SippCarrier> carriers)
    {
        _daemon = daemon;
        _carriers = carriers;
        ProxyPort = proxyPort;
        _api = new ProbingApiClient(daemon.Url);
    }

    /// <summary>The port the dialer sends its calls to (UDP and TCP on 127.0.0.1).</summary>
    public int ProxyPort { get; }

    public LifelineDaemon Daemon => _daemon;

    /// <summary>
    /// Starts the daemon with <paramref name="trunks"/> (a <c>trunks:</c> list, plus any other top-level sections)
    /// and <paramref name="proxyExtra"/> (more keys of <c>proxy:</c>, indented by two spaces), and waits until the
    /// proxy listens and every gateway of <paramref name="carriers"/> is Up.
    /// </summary>
    public static async Task<ProxyRig> StartAsync(string trunks, IReadOnlyList<SippCarrier> carriers, string? token = null, string proxyExtra = "")
    {
        var proxyPort = FreePort.Get();
        var port = proxyPort.ToString(CultureInfo.InvariantCulture);
        var body = $"""
            proxy:
              listen: [ "udp:127.0.0.1:{port}", "tcp:127.0.0.1:{port}" ]
              allow: [ 127.0.0.1/32 ]

            """ + proxyExtra + trunks;
        var daemon = LifelineDaemon.Create(body, token);
        var rig = new ProxyRig(daemon, proxyPort, carriers);
        try
        {
            await daemon.StartAsync();
            await rig.WaitForProxyPortAsync(TimeSpan.FromSeconds(30));
            foreach (var carrier in carriers)
            {
                await rig.WaitForGatewayAsync(carrier, "Up", TimeSpan.FromSeconds(60));
            }
        }
        catch
        {
            rig.Dispose();
            throw;
        }

        return rig;
    }

    /// <summary>
    /// <c>trunks:</c> with <paramref name="primary"/> (priority 1, plus <paramref name="primaryExtra"/>: more keys of
    /// its entry, indented by four spaces) and <paramref name="backup"/> (priority 2).
    /// </summary>
    public static string TwoTrunks(SippCarrier primary, SippCarrier backup, string primaryExtra = "") => $"""
        trunks:
          - name: primary
            gateways: [ "{primary.Uri}" ]
            priority: 1
        {primaryExtra}
          - name: backup
            gateways: [ "{backup.Uri}" ]
            priority: 2
        """;

    /// <summary>The target id of a carrier's gateway: <c>trunk/uri</c>.</summary>
    public static string GatewayId(SippCarrier carrier) => MonitoredTarget.IdOf(carrier.Name, carrier.Uri);

    /// <summary>The carrier's gateway entry in <c>GET /api/status</c>.</summary>
    public async Task<JsonElement> GatewayAsync(SippCarrier carrier) =>
        await _api.GatewayAsync(GatewayId(carrier)) ?? throw new InvalidOperationException($"{GatewayId(carrier)} is not in /api/status\n{Describe()}");

    /// <summary>The health of trunk <paramref name="name"/> in <c>GET /api/status</c>.</summary>
    public async Task<string> TrunkHealthAsync(string name)
    {
        using var status = await _daemon.Http.GetFromJsonAsync<JsonDocument>("/api/status");
        foreach (var trunk in status!.RootElement.GetProperty("trunks").EnumerateArray())
        {
            if (trunk.GetProperty("name").GetString() == name)
            {
                return trunk.GetProperty("health").GetString()!;
            }
        }

        throw new InvalidOperationException($"no trunk {name} in /api/status\n{status.RootElement}");
    }

    /// <summary>Polls until the carrier's gateway has <paramref name="health"/>; throws with the daemon's state after the limit.</summary>
    public async Task<JsonElement> WaitForGatewayAsync(SippCarrier carrier, string health, TimeSpan limit)
    {
        try
        {
            return await _api.WaitForHealthAsync(GatewayId(carrier), health, limit);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + Describe(), e);
        }
    }

    /// <summary>Polls until trunk <paramref name="name"/> has <paramref name="health"/>; returns the last health seen.</summary>
    public async Task<string> WaitForTrunkAsync(string name, string health, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            last = await TrunkHealthAsync(name);
            if (last == health)
            {
                return last;
            }

            await Task.Delay(100);
        }

        return last;
    }

    /// <summary>The carrier gateway's transitions in <c>GET /api/events</c>, oldest first, as "From->To".</summary>
    public async Task<List<string>> TransitionsAsync(SippCarrier carrier) =>
        [.. (await _api.TransitionsAsync(GatewayId(carrier))).Select(t => t.Step)];

    public Task<string> MetricsAsync() => _api.MetricsAsync();

    /// <summary>What the daemon said and the carriers' last output, for assertion messages.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        var process = _daemon.Process;
        if (process is not null)
        {
            sb.AppendLine("--- lifeline stdout:").AppendLine(Tail(process.StandardOutput, 8000));
            sb.AppendLine("--- lifeline stderr:").AppendLine(Tail(process.StandardError, 8000));
        }

        foreach (var carrier in _carriers)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"--- carrier {carrier.Name} ({carrier.Uri}), {carrier.Trace().Lines.Count} messages traced");
        }

        return sb.ToString();
    }

    private static string Tail(string text, int max) => text.Length > max ? text[^max..] : text;

    private async Task WaitForProxyPortAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (IsUdpPortBound(ProxyPort))
            {
                return;
            }

            if (_daemon.Process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"lifeline run exited with {exited.ExitCode}\n{Describe()}");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the proxy did not listen on udp:127.0.0.1:{ProxyPort} within {limit}: is the proxy wired into lifeline run?\n{Describe()}");
    }

    /// <summary>
    /// Whether some socket is bound to the UDP port, read from /proc/net/udp and /proc/net/udp6 (binding a probe
    /// socket to find out could steal the port from the daemon at the moment it binds).
    /// </summary>
    private static bool IsUdpPortBound(int port)
    {
        var suffix = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var table in new[] { "/proc/net/udp", "/proc/net/udp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 1 && fields[1].EndsWith(suffix, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public void Dispose()
    {
        _api.Dispose();
        _daemon.Dispose();
    }
}
