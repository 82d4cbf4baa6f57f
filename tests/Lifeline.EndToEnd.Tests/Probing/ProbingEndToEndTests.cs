using System.Globalization;
using Lifeline.Config;
using Lifeline.Health;
using Lifeline.Monitoring;
using Lifeline.Testing;
using Xunit.Abstractions;

namespace Lifeline.EndToEnd.Tests.Probing;

/// <summary>
/// <c>lifeline run</c> as a process probing sipp as a carrier, watched the way an operator watches it: through
/// <c>/api/status</c>, <c>/api/events</c>, <c>/metrics</c> and <c>lifeline status</c>.
/// </summary>
public sealed class ProbingEndToEndTests(ITestOutputHelper output) : IDisposable
{
    // A loaded 2-core machine may run the daemon's loops late by a second or two.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);

    private readonly string _dir = Directory.CreateTempSubdirectory("lifeline-probing-e2e-").FullName;

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Run_CarrierKilledThenRestarted_DownWithinWorstCaseThenRecoveringThenUpAndTheJournalSurvivesAKill(string transport)
    {
        var sippPort = FreePort.Get();
        var httpPort = FreePort.Get();
        var gateway = transport == "tcp" ? $"sip:127.0.0.1:{sippPort};transport=tcp" : $"sip:127.0.0.1:{sippPort}";
        var gatewayId = MonitoredTarget.IdOf("carrier", gateway);
        var configPath = Path.Combine(_dir, "lifeline.yaml");
        File.WriteAllText(configPath, $"""
            http:
              listen: 127.0.0.1:{httpPort}
            journal:
              path: ./journal.db
            probing:
              interval: 1s
              fast_interval: 500ms
            health:
              down_after: 3
              recover_after: 3
              stable_time: 3s
              ramp: off
            trunks:
              - name: carrier
                gateways: [ "{gateway}" ]
            """);

        // The bound the docs promise, computed from the same configuration the daemon runs on.
        var loaded = ConfigLoader.Load(configPath);
        loaded.IsSuccess.ShouldBeTrue(string.Join("\n", loaded.Errors));
        var trunk = loaded.Config.Trunks[0];
        var worstCase = HealthMath.WorstCaseDetection(TrunkHealthOptions.For(trunk, loaded.Config.SelfHealth), TrunkHealthOptions.WorstCaseProbeTimeout(trunk.EffectiveProbing))!.Value;

        var scenario = Path.Combine(AppContext.BaseDirectory, "Scenarios", "carrier-answers-options-with-200.xml");
        var sipp = SippProcess.Start(scenario, sippPort, transport);
        try
        {
            using var api = new ProbingApiClient($"http://127.0.0.1:{httpPort}");
            using (var lifeline = LifelineProcess.Start(["run", "--config", configPath]))
            {
                await api.WaitForHealthAsync(gatewayId, "Up", TimeSpan.FromSeconds(60), g => g.GetProperty("rtt").GetProperty("samples").GetInt32() >= 3);

                // The carrier dies.
                var killedAt = DateTimeOffset.UtcNow;
                sipp.Kill();
                var down = await api.WaitForHealthAsync(gatewayId, "Down", worstCase + TimeSpan.FromSeconds(60));
                var detection = down.GetProperty("since").GetDateTimeOffset() - killedAt;
                output.WriteLine($"{transport}: Down {detection.TotalMilliseconds:0} ms after the kill; worst case by HealthMath {worstCase.TotalMilliseconds:0} ms");
                detection.ShouldBeLessThanOrEqualTo(worstCase + Margin, $"worst case {worstCase} by HealthMath; {lifeline.StandardOutput}");

                var status = await LifelineProcess.RunAsync(["status", "--url", api.BaseUrl], TimeSpan.FromSeconds(60));
                status.Stdout.ShouldContain(gateway);
                status.Stdout.ShouldContain("Down");

                var metrics = await api.MetricsAsync();
                Metric(metrics, "lifeline_probe_sent_total{trunk=\"carrier\"}").ShouldBeGreaterThan(5);
                Metric(metrics, "lifeline_probe_answered_total{trunk=\"carrier\"}").ShouldBeGreaterThanOrEqualTo(3);
                (Metric(metrics, "lifeline_probe_lost_total{reason=\"timeout\",trunk=\"carrier\"}")
                    + Metric(metrics, "lifeline_probe_lost_total{reason=\"transport_error\",trunk=\"carrier\"}")).ShouldBeGreaterThanOrEqualTo(3);
                metrics.ShouldContain("lifeline_probe_rtt_seconds_bucket{trunk=\"carrier\"");

                // The carrier comes back: it proves itself in Recovering before it is Up again.
                sipp = SippProcess.Start(scenario, sippPort, transport);
                await api.WaitForHealthAsync(gatewayId, "Up", TimeSpan.FromSeconds(90));
                var steps = (await api.TransitionsAsync(gatewayId)).Select(t => t.Step).ToList();
                steps.ShouldContain("Suspect->Down");
                steps.ShouldContain("Down->Recovering");
                steps.ShouldContain("Recovering->Up");
                steps.IndexOf("Down->Recovering").ShouldBeLessThan(steps.LastIndexOf("Recovering->Up"));

                // SIGKILL: no chance to flush or save anything on the way out.
                lifeline.Kill();
            }

            using var restarted = LifelineProcess.Start(["run", "--config", configPath]);
            await api.WaitForHealthAsync(gatewayId, "Up", TimeSpan.FromSeconds(60));
            var journaled = (await api.TransitionsAsync(gatewayId)).Select(t => t.Step).ToList();
            journaled.ShouldContain("Suspect->Down", "the journal kept the transitions across the kill");
            journaled.ShouldContain("Down->Recovering");
            journaled.ShouldContain("Recovering->Up");
            restarted.Kill();
        }
        finally
        {
            sipp.Dispose();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding the journal; the temp folder is cleaned by the system.
        }
    }

    private static double Metric(string metrics, string series)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"no series {series} in /metrics:\n{metrics}");
    }
}
