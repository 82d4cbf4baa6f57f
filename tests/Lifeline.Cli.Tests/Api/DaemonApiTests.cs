using System.Net;
using System.Text.Json;
using Lifeline.Cli.Api;
using Lifeline.Cli.Tests.Hosting;
using Lifeline.Health;
using Lifeline.Monitoring;
using Lifeline.Testing;

namespace Lifeline.Cli.Tests.Api;

[Collection(DaemonCollection.Name)]
public sealed class DaemonApiTests
{
    private const string A = "primary/sip:127.0.0.1:5071";
    private const string B = "primary/sip:127.0.0.1:5072";
    private const string C = "backup/sip:127.0.0.1:5073;transport=tcp";
    private const string EncodedA = "primary%2Fsip%3A127.0.0.1%3A5071";

    [Fact]
    public async Task Status_ConfiguredGateways_EveryOneListedWithHealth()
    {
        await using var host = await DaemonTestHost.StartAsync();

        var status = await GetStatusAsync(host);

        status.Trunks.Select(t => t.Name).ShouldBe(["primary", "backup", "spare"]);
        status.Trunks.SelectMany(t => t.Gateways).Select(g => g.Id)
            .ShouldBe([A, B, C, "spare/sip:127.0.0.1:5074"]);
        var primary = status.Trunks[0];
        (primary.Enabled, primary.Health, primary.GatewaysInService, primary.Priority).ShouldBe((true, "Up", 2, 1));
        primary.Gateways[0].ShouldSatisfyAllConditions(
            g => g.Uri.ShouldBe("sip:127.0.0.1:5071"),
            g => g.Health.ShouldBe("Up"),
            g => g.TrafficShare.ShouldBe(1.0),
            g => g.Since.ShouldNotBeNull(),
            g => g.Rtt.ShouldNotBeNull().Samples.ShouldBe(0));
        var spare = status.Trunks[2];
        (spare.Enabled, spare.Health, spare.GatewaysInService).ShouldBe((false, "Disabled", 0));
        status.SelfHealth.State.ShouldBe("Healthy");
        status.Journal.Ok.ShouldBeTrue();
        status.Journal.Path.ShouldEndWith("journal.db");
    }

    [Fact]
    public async Task Status_AfterSignals_ShowsRttAndLastTransitionWithReason()
    {
        await using var host = await DaemonTestHost.StartAsync();
        var now = TimeProvider.System.GetUtcNow();
        host.Monitor.Report(A, Signal.ProbeAnswered(now, TimeSpan.FromMilliseconds(40)));
        host.Monitor.Report(A, Signal.ProbeAnswered(now, TimeSpan.FromMilliseconds(20)));
        host.Monitor.Report(B, Signal.ProbeTimedOut(now, TimeSpan.FromSeconds(1)));
        await host.Monitor.FlushAsync();

        var status = await GetStatusAsync(host);

        var a = status.Trunks[0].Gateways[0];
        a.Rtt.ShouldNotBeNull().ShouldSatisfyAllConditions(
            r => r.Samples.ShouldBe(2),
            r => r.P50Ms.ShouldBe(20),
            r => r.P99Ms.ShouldBe(40),
            r => r.SmoothedMs.ShouldBe(37.5));
        var b = status.Trunks[0].Gateways[1];
        b.Health.ShouldBe("Suspect");
        b.LastTransition.ShouldNotBeNull().ShouldSatisfyAllConditions(
            t => t.From.ShouldBe("Up"),
            t => t.To.ShouldBe("Suspect"),
            t => t.Reason.ShouldBe("probe timed out after 1000 ms"));
    }

    [Fact]
    public async Task Drain_WithoutOrWithWrongToken_401AndNothingChanges()
    {
        await using var host = await DaemonTestHost.StartAsync();

        using var missing = await host.PostAsync($"/api/targets/{EncodedA}/drain", token: null);
        using var wrong = await host.PostAsync($"/api/targets/{EncodedA}/drain", token: "guess");

        missing.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        missing.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        (await ErrorOf(missing)).ShouldContain("Authorization: Bearer <token>");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ErrorOf(wrong)).ShouldBe("the bearer token does not match http.token");
        host.Monitor.Board.Current.HealthOf(A).ShouldBe(TargetHealth.Up);
        host.Reader.ReadOperatorActions().Items.ShouldBeEmpty();
        host.Logs.All.ShouldContain("Refused POST");
        host.Logs.All.ShouldNotContain("guess");
    }

    [Fact]
    public async Task Drain_WithToken_200JournaledAsOperatorActionAndLogged()
    {
        await using var host = await DaemonTestHost.StartAsync();

        using var response = await host.PostAsync($"/api/targets/{EncodedA}/drain?note=carrier%0Amaintenance");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ApiJson.Context.ChangeResponse).ShouldNotBeNull();
        body.Action.ShouldBe("drain");
        body.Targets.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.Id.ShouldBe(A),
            t => t.Status.ShouldBe("changed"),
            t => t.Health.ShouldBe("Drained"));
        var action = host.Reader.ReadOperatorActions(A).Items.ShouldHaveSingleItem();
        action.Action.ShouldBe("drain");
        action.Actor.ShouldStartWith("api ");
        action.Detail.ShouldBe("carrier maintenance");
        host.Reader.ReadTransitions(A).Items.ShouldHaveSingleItem().ToState.ShouldBe("Drained");
        host.Logs.All.ShouldContain($"Operator drain of {A} by api");
        host.Logs.All.ShouldContain($"{A} Up -> Drained: drained by operator: carrier maintenance");
        host.Logs.All.ShouldNotContain(DaemonTestHost.Token);
    }

    [Fact]
    public async Task Enable_AfterDrain_BackUp()
    {
        await using var host = await DaemonTestHost.StartAsync();
        using var drain = await host.PostAsync($"/api/targets/{A}/drain");

        using var enable = await host.PostAsync($"/api/targets/{EncodedA}/enable");

        drain.StatusCode.ShouldBe(HttpStatusCode.OK);
        enable.StatusCode.ShouldBe(HttpStatusCode.OK);
        host.Monitor.Board.Current.HealthOf(A).ShouldBe(TargetHealth.Up);
        host.Reader.ReadTransitions(A).Items.Select(t => t.ToState).ShouldBe(["Up", "Drained"]);
    }

    [Fact]
    public async Task DisableTrunk_WithToken_EveryGatewayOfTheTrunk()
    {
        await using var host = await DaemonTestHost.StartAsync();

        using var response = await host.PostAsync("/api/trunks/primary/disable");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        host.Monitor.Board.Current.HealthOf(A).ShouldBe(TargetHealth.Disabled);
        host.Monitor.Board.Current.HealthOf(B).ShouldBe(TargetHealth.Disabled);
        host.Monitor.Board.Current.HealthOf(C).ShouldBe(TargetHealth.Up);
        host.Reader.ReadOperatorActions().Items.Select(a => a.TargetId).ShouldBe([B, A]);
    }

    [Fact]
    public async Task Changes_NoTokenConfigured_403SayingToSetIt()
    {
        await using var host = await DaemonTestHost.StartAsync(DaemonTestHost.Yaml(withToken: false));

        using var response = await host.PostAsync($"/api/targets/{EncodedA}/drain", token: "anything");
        using var trunk = await host.PostAsync("/api/trunks/primary/drain", token: null);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        trunk.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ErrorOf(response)).ShouldStartWith("changes through the API are off: set http.token");
        host.Monitor.Board.Current.HealthOf(A).ShouldBe(TargetHealth.Up);
    }

    [Fact]
    public async Task Changes_UnknownTargetTrunkOrCommand_404AndDisabledTrunk_409()
    {
        await using var host = await DaemonTestHost.StartAsync();

        using var unknownTarget = await host.PostAsync("/api/targets/primary%2Fsip%3A192.0.2.1/drain");
        using var unknownTrunk = await host.PostAsync("/api/trunks/nope/drain");
        using var badCommand = await host.PostAsync($"/api/targets/{EncodedA}/explode");
        using var spare = await host.PostAsync("/api/trunks/spare/drain");

        unknownTarget.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknownTrunk.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ErrorOf(unknownTrunk)).ShouldBe("no trunk named nope in the configuration");
        badCommand.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        spare.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        host.Reader.ReadOperatorActions().Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Events_ManyChanges_PagesNewestFirstEachEventOnce()
    {
        await using var host = await DaemonTestHost.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            (await host.PostAsync($"/api/targets/{EncodedA}/drain")).Dispose();
            (await host.PostAsync($"/api/targets/{EncodedA}/enable")).Dispose();
        }

        (await host.PostAsync("/api/trunks/backup/disable")).Dispose();

        var seen = new List<EventItem>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await GetEventsAsync(host, "limit=5" + (next is null ? string.Empty : "&before=" + next));
            page.Events.Count.ShouldBeLessThanOrEqualTo(5);
            seen.AddRange(page.Events);
            next = page.Next;
            pages++;
        }
        while (next is not null && pages < 10);

        seen.Count.ShouldBe(14);
        pages.ShouldBe(3);
        seen.Select(e => e.Id).Distinct().Count().ShouldBe(14);
        seen.Select(e => e.At).ShouldBeInOrder(SortDirection.Descending);
        seen.Count(e => e.Kind == "operator").ShouldBe(7);
        seen.Count(e => e.Kind == "transition").ShouldBe(7);
        var c = seen.Where(e => e.Target == C).ToList();
        c.Count.ShouldBe(2);
        c.Single(e => e.Kind == "transition").ShouldSatisfyAllConditions(
            e => (e.From, e.To).ShouldBe(("Up", "Disabled")),
            e => e.TargetKind.ShouldBe("gateway"),
            e => e.Reason.ShouldBe("disabled by operator: trunk backup"),
            e => e.Evidence.ShouldNotBeNull().GetProperty("detector").GetString().ShouldBe("operator"));
        c.Single(e => e.Kind == "operator").ShouldSatisfyAllConditions(
            e => e.Action.ShouldBe("disable"),
            e => e.Detail.ShouldBe("trunk backup"),
            e => e.Actor.ShouldNotBeNull().ShouldStartWith("api "));
        seen.Take(2).ShouldAllBe(e => e.Target == C || e.At == seen[0].At);
    }

    [Fact]
    public async Task Events_FilterByTarget_OnlyThatTarget()
    {
        await using var host = await DaemonTestHost.StartAsync();
        (await host.PostAsync($"/api/targets/{EncodedA}/drain")).Dispose();
        (await host.PostAsync("/api/trunks/backup/drain")).Dispose();

        var page = await GetEventsAsync(host, "target=" + Uri.EscapeDataString(C));

        page.Events.Count.ShouldBe(2);
        page.Events.ShouldAllBe(e => e.Target == C);
        page.Next.ShouldBeNull();
    }

    [Fact]
    public async Task Events_BadCursorOrLimit_400WithTheRule()
    {
        await using var host = await DaemonTestHost.StartAsync();

        using var cursor = await host.Client.GetAsync("/api/events?before=yesterday");
        using var limit = await host.Client.GetAsync("/api/events?limit=0");

        cursor.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorOf(cursor)).ShouldStartWith("before: expected the \"next\" value of a previous page");
        limit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorOf(limit)).ShouldBe("limit: expected a whole number from 1 to 1000");
    }

    [Fact]
    public async Task Metrics_HealthGaugeAndTransitionCounter_PrometheusText()
    {
        await using var host = await DaemonTestHost.StartAsync();
        (await host.PostAsync($"/api/targets/{EncodedA}/drain")).Dispose();

        using var response = await host.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType.ShouldNotBeNull().ToString().ShouldBe("text/plain; version=0.0.4; charset=utf-8");
        text.ShouldContain("# TYPE lifeline_target_health gauge\n");
        text.ShouldContain($"lifeline_target_health{{health=\"Drained\",target=\"{A}\",trunk=\"primary\"}} 1\n");
        text.ShouldContain($"lifeline_target_health{{health=\"Up\",target=\"{A}\",trunk=\"primary\"}} 0\n");
        text.ShouldContain($"lifeline_target_health{{health=\"Up\",target=\"{B}\",trunk=\"primary\"}} 1\n");
        text.ShouldContain($"lifeline_health_transitions_total{{from=\"Up\",target=\"{A}\",to=\"Drained\",trunk=\"primary\"}} 1\n");
        text.ShouldContain($"lifeline_target_traffic_share{{target=\"{A}\",trunk=\"primary\"}} 0\n");
        text.ShouldContain("lifeline_self_health_suspect 0\n");
        text.ShouldContain("lifeline_trunk_gateways{health=\"Drained\",trunk=\"primary\"} 1\n");
        GatewaysOf(text, "primary").ShouldBe(2);
        text.ShouldNotContain("spare/");
    }

    [Fact]
    public async Task Metrics_MoreGatewaysThanThePerTargetLimit_PerTrunkCountsOnly()
    {
        await using var host = await DaemonTestHost.StartAsync(monitor: new HealthMonitorOptions { PerTargetMetricsLimit = 2 });
        (await host.PostAsync($"/api/targets/{EncodedA}/drain")).Dispose();

        using var response = await host.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        text.ShouldNotContain("lifeline_target_");
        text.Split('\n').Where(l => l.StartsWith("lifeline_health_", StringComparison.Ordinal)).ShouldAllBe(l => !l.Contains("target="));
        // Probing is live: the undrained gateways (nothing listens on their ports) may be Suspect or Down by now.
        text.ShouldContain("lifeline_trunk_gateways{health=\"Drained\",trunk=\"primary\"} 1\n");
        GatewaysOf(text, "primary").ShouldBe(2);
        GatewaysOf(text, "backup").ShouldBe(1);
        text.Split('\n').ShouldContain(l => l.StartsWith("lifeline_health_transitions_total{from=", StringComparison.Ordinal) && l.EndsWith(",to=\"Drained\",trunk=\"primary\"} 1", StringComparison.Ordinal));
    }

    // The gateways of a trunk over every health state, as lifeline_trunk_gateways reports them.
    private static int GatewaysOf(string metrics, string trunk) => metrics.Split('\n')
        .Where(l => l.StartsWith("lifeline_trunk_gateways{", StringComparison.Ordinal) && l.Contains($"trunk=\"{trunk}\"", StringComparison.Ordinal))
        .Sum(l => int.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Healthz_Healthy_200Ok()
    {
        await using var host = await DaemonTestHost.StartAsync();

        using var response = await host.Client.GetAsync("/healthz");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("ok");
    }

    [Fact]
    public async Task Healthz_TimersRanLate_503WithTheReason()
    {
        var clock = new StallingTimeProvider();
        await using var host = await DaemonTestHost.StartAsync(time: clock);
        await WaitUntilAsync(() => clock.TimersWithPeriod(TimeSpan.FromSeconds(1)) == 1);

        clock.Stall(TimeSpan.FromSeconds(5));
        clock.FireTimers();
        await WaitUntilAsync(() => host.Monitor.Board.SelfHealth.State == SelfHealthState.Suspect);

        using var response = await host.Client.GetAsync("/healthz");
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).ShouldBe("self-health Suspect: timers ran 4.0 s late");
        (await GetStatusAsync(host)).SelfHealth.ShouldSatisfyAllConditions(
            s => s.State.ShouldBe("Suspect"),
            s => s.Reason.ShouldBe("timers ran 4.0 s late"),
            s => s.TickLatenessMs.ShouldBe(4000));
    }

    [Fact]
    public async Task Healthz_AfterStop_503()
    {
        var host = await DaemonTestHost.StartAsync();
        await host.Monitor.StopAsync(CancellationToken.None);

        using var response = await host.Client.GetAsync("/healthz");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).ShouldStartWith("health monitor not running");
        await host.DisposeAsync();
    }

    private static async Task<StatusResponse> GetStatusAsync(DaemonTestHost host)
    {
        using var response = await host.Client.GetAsync("/api/status");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("application/json");
        return JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ApiJson.Context.StatusResponse).ShouldNotBeNull();
    }

    private static async Task<EventsResponse> GetEventsAsync(DaemonTestHost host, string query)
    {
        using var response = await host.Client.GetAsync("/api/events?" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ApiJson.Context.EventsResponse).ShouldNotBeNull();
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ApiJson.Context.ErrorResponse).ShouldNotBeNull().Error;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition did not hold within 20 s");
            await Task.Delay(20);
        }
    }
}
