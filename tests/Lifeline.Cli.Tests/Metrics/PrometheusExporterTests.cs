using System.Diagnostics.Metrics;
using Lifeline.Cli.Metrics;

namespace Lifeline.Cli.Tests.Metrics;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void Render_CounterWithTags_WritesTotalPerLabelSet()
    {
        var meterName = "Lifeline.Test." + Guid.NewGuid().ToString("N");
        using var exporter = new PrometheusExporter(meterName);
        using var meter = new Meter(meterName);
        var sent = meter.CreateCounter<long>("lifeline.probes.sent", description: "OPTIONS probes sent");

        sent.Add(2, new KeyValuePair<string, object?>("target", "primary/sip:127.0.0.1:5071"));
        sent.Add(3, new KeyValuePair<string, object?>("target", "primary/sip:127.0.0.1:5071"));
        sent.Add(1, new KeyValuePair<string, object?>("target", "back\"up"));

        var text = exporter.Render();

        text.ShouldContain("# HELP lifeline_probes_sent_total OPTIONS probes sent\n");
        text.ShouldContain("# TYPE lifeline_probes_sent_total counter\n");
        text.ShouldContain("lifeline_probes_sent_total{target=\"primary/sip:127.0.0.1:5071\"} 5\n");
        text.ShouldContain("lifeline_probes_sent_total{target=\"back\\\"up\"} 1\n");
    }

    [Fact]
    public void Render_Histogram_WritesCumulativeBucketsSumAndCount()
    {
        var meterName = "Lifeline.Test." + Guid.NewGuid().ToString("N");
        using var exporter = new PrometheusExporter(meterName);
        using var meter = new Meter(meterName);
        var rtt = meter.CreateHistogram<double>("lifeline.probe.rtt", unit: "s", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1] });

        rtt.Record(0.125);
        rtt.Record(0.375);
        rtt.Record(0.375);
        rtt.Record(4);

        var text = exporter.Render();

        text.ShouldContain("# TYPE lifeline_probe_rtt_seconds histogram\n");
        text.ShouldContain("lifeline_probe_rtt_seconds_bucket{le=\"0.25\"} 1\n");
        text.ShouldContain("lifeline_probe_rtt_seconds_bucket{le=\"0.5\"} 3\n");
        text.ShouldContain("lifeline_probe_rtt_seconds_bucket{le=\"1\"} 3\n");
        text.ShouldContain("lifeline_probe_rtt_seconds_bucket{le=\"+Inf\"} 4\n");
        text.ShouldContain("lifeline_probe_rtt_seconds_count 4\n");
        text.ShouldContain("lifeline_probe_rtt_seconds_sum 4.875\n");
    }

    [Fact]
    public void Render_ObservableGauge_ReadsCurrentValueEachScrape()
    {
        var meterName = "Lifeline.Test." + Guid.NewGuid().ToString("N");
        using var exporter = new PrometheusExporter(meterName);
        using var meter = new Meter(meterName);
        var health = 1;
        meter.CreateObservableGauge("lifeline.target.up", () => new Measurement<int>(health, new KeyValuePair<string, object?>("target", "primary")));

        exporter.Render().ShouldContain("lifeline_target_up{target=\"primary\"} 1\n");
        health = 0;
        exporter.Render().ShouldContain("lifeline_target_up{target=\"primary\"} 0\n");
    }

    [Fact]
    public void Render_OtherMeters_AreNotExported()
    {
        var meterName = "Lifeline.Test." + Guid.NewGuid().ToString("N");
        using var exporter = new PrometheusExporter(meterName);
        using var other = new Meter("Somebody.Else");
        other.CreateCounter<long>("elsewhere").Add(1);

        exporter.Render().ShouldNotContain("elsewhere");
    }

    [Fact]
    public void Render_ObservableSeriesNoLongerReported_Dropped()
    {
        var meterName = "Lifeline.Test." + Guid.NewGuid().ToString("N");
        using var exporter = new PrometheusExporter(meterName);
        using var meter = new Meter(meterName);
        string[] targets = ["a", "b"];
        meter.CreateObservableGauge("lifeline.target.up", () => targets.Select(t => new Measurement<int>(1, new KeyValuePair<string, object?>("target", t))));

        exporter.Render().ShouldContain("lifeline_target_up{target=\"b\"} 1\n");
        targets = ["a"];
        var text = exporter.Render();

        text.ShouldContain("lifeline_target_up{target=\"a\"} 1\n");
        text.ShouldNotContain("target=\"b\"");
    }

    [Fact]
    public void Record_SameTagsInAnotherOrder_OneSeries()
    {
        var meterName = "Lifeline.Test." + Guid.NewGuid().ToString("N");
        using var exporter = new PrometheusExporter(meterName);
        using var meter = new Meter(meterName);
        var transitions = meter.CreateCounter<long>("lifeline.health.transitions");
        var from = new KeyValuePair<string, object?>("from", "Up");
        var to = new KeyValuePair<string, object?>("to", "Down");

        transitions.Add(1, from, to);
        transitions.Add(1, to, from);
        transitions.Add(1, new KeyValuePair<string, object?>("from", "Down"), new KeyValuePair<string, object?>("to", "Up"));

        var text = exporter.Render();
        text.ShouldContain("lifeline_health_transitions_total{from=\"Up\",to=\"Down\"} 2\n");
        text.ShouldContain("lifeline_health_transitions_total{from=\"Down\",to=\"Up\"} 1\n");
    }

    [Fact]
    public void Record_HistogramOfAnExistingSeries_AllocatesNothing()
    {
        // A probe's RTT is recorded for each answer, thousands a second: finding its series must not allocate.
        var meterName = "Lifeline.Test." + Guid.NewGuid().ToString("N");
        using var exporter = new PrometheusExporter(meterName);
        using var meter = new Meter(meterName);
        var rtt = meter.CreateHistogram<double>("lifeline.probe.rtt", unit: "s", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1] });
        var trunk = new KeyValuePair<string, object?>("trunk", "carrier01");
        rtt.Record(0.02, trunk);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            rtt.Record(0.02, trunk);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
        exporter.Render().ShouldContain("lifeline_probe_rtt_seconds_count{trunk=\"carrier01\"} 1001\n");
    }
}
