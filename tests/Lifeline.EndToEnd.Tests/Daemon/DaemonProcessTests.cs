using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Lifeline.Testing;

namespace Lifeline.EndToEnd.Tests.Daemon;

/// <summary><c>lifeline run</c> as a real process, the way systemd runs it.</summary>
public sealed class DaemonProcessTests
{
    private const string Token = "e2e-token-9d7b";
    private const string A = "primary/sip:127.0.0.1:5071";
    private const string EncodedA = "primary%2Fsip%3A127.0.0.1%3A5071";

    // Nothing listens at these gateways: with live probes the self-health gate may suspect the local network (all of
    // them failing at once) and /healthz answer 503 for its hold of up to 60 s. These tests are about the process, so
    // they run without probes (probing is tested with real peers elsewhere).
    private const string Trunks = """
        probing: { enabled: false }
        trunks:
          - { name: primary, gateways: [ "sip:127.0.0.1:5071", "sip:127.0.0.1:5072" ] }
          - { name: backup, gateways: [ "sip:127.0.0.1:5073" ] }
        """;

    [Fact]
    public async Task Run_GoodConfig_AnswersAndExitsCleanlyOnSigterm()
    {
        using var daemon = LifelineDaemon.Create(Trunks, Token);
        await daemon.StartAsync();

        var healthz = await daemon.Http.GetStringAsync("/healthz");
        using var status = JsonDocument.Parse(await daemon.Http.GetStringAsync("/api/status"));
        var code = await daemon.StopAsync(TimeSpan.FromSeconds(20));

        healthz.ShouldBe("ok");
        GatewayIds(status).ShouldBe([A, "primary/sip:127.0.0.1:5072", "backup/sip:127.0.0.1:5073"]);
        code.ShouldBe(0);
        var output = daemon.Process!.StandardOutput;
        output.ShouldContain($"Lifeline started: HTTP API on {daemon.Url}");
        output.ShouldContain("Health monitor stopped; the states of 3 targets are saved in the journal");
        output.ShouldContain("Lifeline stopped");
        output.ShouldNotContain(Token);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldAllBe(l => l.Length > 24 && l[4] == '-' && l[10] == 'T');
    }

    [Fact]
    public async Task Restart_DrainedTarget_ComesBackDrained()
    {
        using var daemon = LifelineDaemon.Create(Trunks, Token);
        await daemon.StartAsync();
        using (var drain = await daemon.PostAsync($"/api/targets/{EncodedA}/drain?note=maintenance"))
        {
            drain.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await daemon.StopAsync(TimeSpan.FromSeconds(20))).ShouldBe(0);
        await daemon.StartAsync();

        using var status = JsonDocument.Parse(await daemon.Http.GetStringAsync("/api/status"));
        var a = Gateway(status, A);
        a.GetProperty("health").GetString().ShouldBe("Drained");
        a.GetProperty("trafficShare").GetDouble().ShouldBe(0);
        a.GetProperty("lastTransition").GetProperty("reason").GetString().ShouldBe("drained by operator: maintenance");
        Gateway(status, "backup/sip:127.0.0.1:5073").GetProperty("health").GetString().ShouldBe("Up", "the drain stayed on A alone");
        daemon.Process!.StandardOutput.ShouldContain("3 target states restored from the journal");
    }

    [Fact]
    public async Task Kill_ThenRestart_TransitionsRecordedBeforeTheKillAreInEvents()
    {
        using var daemon = LifelineDaemon.Create(Trunks, Token);
        await daemon.StartAsync();
        (await daemon.PostAsync($"/api/targets/{EncodedA}/drain")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await daemon.PostAsync("/api/trunks/backup/disable")).StatusCode.ShouldBe(HttpStatusCode.OK);

        daemon.Kill();
        daemon.Process!.HasExited.ShouldBeTrue();
        await daemon.StartAsync();

        using var events = JsonDocument.Parse(await daemon.Http.GetStringAsync("/api/events"));
        var list = events.RootElement.GetProperty("events").EnumerateArray().ToList();
        list.ShouldContain(e => e.GetProperty("kind").GetString() == "transition" && e.GetProperty("target").GetString() == A && e.GetProperty("to").GetString() == "Drained");
        list.ShouldContain(e => e.GetProperty("kind").GetString() == "transition" && e.GetProperty("target").GetString() == "backup/sip:127.0.0.1:5073" && e.GetProperty("to").GetString() == "Disabled");
        list.Count(e => e.GetProperty("kind").GetString() == "operator").ShouldBe(2);
        using var status = JsonDocument.Parse(await daemon.Http.GetStringAsync("/api/status"));
        Gateway(status, A).GetProperty("health").GetString().ShouldBe("Drained");
        Gateway(status, "backup/sip:127.0.0.1:5073").GetProperty("health").GetString().ShouldBe("Disabled");
    }

    [Fact]
    public async Task Run_BadConfig_Exit1WithFileLineAndColumn()
    {
        const string badLine = """  - { name: primary, gateways: [ "sip:127.0.0.1:5071" ], probing: { interval: 5 } }""";
        using var daemon = LifelineDaemon.Create("trunks:\n" + badLine + "\n");
        var column = badLine.IndexOf("5 }", StringComparison.Ordinal) + 1;

        var (code, stdout, stderr, _) = await LifelineProcess.RunAsync(["run", "-c", daemon.ConfigPath], TimeSpan.FromSeconds(60));

        code.ShouldBe(1);
        stderr.ShouldContain($"{daemon.ConfigPath}:6:{column}: trunks[0].probing.interval: expected a duration");
        stderr.ShouldContain("not started");
        stdout.ShouldNotContain("Lifeline started");
        File.Exists(daemon.JournalPath).ShouldBeFalse();
    }

    [Fact]
    public async Task Run_JournalNotADatabase_Exit1SayingWhatToDo()
    {
        using var daemon = LifelineDaemon.Create(Trunks);
        await File.WriteAllTextAsync(daemon.JournalPath, "this is not a database, it is a shopping list: eggs, milk, bread, and more text to fill a page");

        var (code, _, stderr, _) = await LifelineProcess.RunAsync(["run", "-c", daemon.ConfigPath], TimeSpan.FromSeconds(60));

        code.ShouldBe(1);
        stderr.ShouldContain($"lifeline: journal {daemon.JournalPath}: is not a SQLite database");
    }

    [Fact]
    public async Task Run_PortTaken_Exit1SayingSo()
    {
        using var daemon = LifelineDaemon.Create(Trunks);
        using var squatter = new TcpListener(IPAddress.Loopback, daemon.Port);
        squatter.Start();

        var (code, _, stderr, _) = await LifelineProcess.RunAsync(["run", "-c", daemon.ConfigPath], TimeSpan.FromSeconds(60));

        code.ShouldBe(1);
        stderr.ShouldContain($"lifeline: cannot listen on 127.0.0.1:{daemon.Port}");
    }

    [Fact]
    public async Task Status_RunningDaemon_TableAndJson()
    {
        using var daemon = LifelineDaemon.Create(Trunks, Token);
        await daemon.StartAsync();
        (await daemon.PostAsync($"/api/targets/{EncodedA}/drain")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var table = await LifelineProcess.RunAsync(["status", "--url", daemon.Url], TimeSpan.FromSeconds(60));
        var json = await LifelineProcess.RunAsync(["status", "--url", daemon.Url, "--json"], TimeSpan.FromSeconds(60));

        table.ExitCode.ShouldBe(0, table.Stderr);
        table.Stdout.ShouldContain("Self-health: Healthy");
        var drained = table.Stdout.Split('\n').Single(l => l.Contains("sip:127.0.0.1:5071", StringComparison.Ordinal));
        drained.ShouldContain("primary");
        drained.ShouldContain("Drained");
        drained.ShouldContain("Up -> Drained: drained by operator");
        table.Stdout.Split('\n').Single(l => l.Contains("sip:127.0.0.1:5073", StringComparison.Ordinal)).ShouldMatch("│ Up +│");
        json.ExitCode.ShouldBe(0, json.Stderr);
        using var parsed = JsonDocument.Parse(json.Stdout);
        GatewayIds(parsed).ShouldBe([A, "primary/sip:127.0.0.1:5072", "backup/sip:127.0.0.1:5073"]);
        Gateway(parsed, A).GetProperty("health").GetString().ShouldBe("Drained");
    }

    private static List<string?> GatewayIds(JsonDocument status) =>
        [.. status.RootElement.GetProperty("trunks").EnumerateArray().SelectMany(t => t.GetProperty("gateways").EnumerateArray()).Select(g => g.GetProperty("id").GetString())];

    private static JsonElement Gateway(JsonDocument status, string id) =>
        status.RootElement.GetProperty("trunks").EnumerateArray().SelectMany(t => t.GetProperty("gateways").EnumerateArray()).Single(g => g.GetProperty("id").GetString() == id);
}
