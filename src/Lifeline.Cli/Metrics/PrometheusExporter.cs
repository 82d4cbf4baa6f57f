using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Lifeline.Cli.Metrics;

/// <summary>
/// Collects the measurements of Lifeline's meters and renders them in the Prometheus text
/// exposition format (version 0.0.4). No Prometheus client library is available, so this keeps
/// to what Lifeline's instruments use: counters, up-down counters, observable gauges and counters,
/// and histograms with explicit bucket boundaries.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] DefaultBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, MetricFamily> _families = new();
    private readonly string _meterPrefix;

    public PrometheusExporter(string meterPrefix = "Lifeline")
    {
        _meterPrefix = meterPrefix;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith(_meterPrefix, StringComparison.Ordinal))
            {
                _families[instrument] = new MetricFamily(instrument, BucketsOf(instrument));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _families.TryRemove(instrument, out MetricFamily? _);
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_families.TryGetValue(instrument, out var family))
        {
            family.Record(value, tags);
        }
    }

    private static double[] BucketsOf(Instrument instrument)
    {
        var advice = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            _ => null,
        };
        return advice is { Count: > 0 } ? [.. advice] : DefaultBuckets;
    }

    /// <summary>Renders every metric; observable instruments are read now.</summary>
    public string Render()
    {
        foreach (var family in _families.Values)
        {
            family.ResetObservations();
        }

        _listener.RecordObservableInstruments();
        var sb = new StringBuilder(4096);
        foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            family.WriteTo(sb);
        }

        return sb.ToString();
    }

    public void Dispose() => _listener.Dispose();

    internal static string SanitizeName(string name, string? unit, bool counter)
    {
        var sb = new StringBuilder(name.Length + 16);
        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':' ? c : '_');
        }

        var suffix = unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => string.Empty,
        };
        if (suffix.Length > 0 && !sb.ToString().EndsWith(suffix, StringComparison.Ordinal))
        {
            sb.Append(suffix);
        }

        if (counter && !sb.ToString().EndsWith("_total", StringComparison.Ordinal))
        {
            sb.Append("_total");
        }

        return sb.ToString();
    }

    internal static string FormatLabels(IReadOnlyList<KeyValuePair<string, string>> labels, string? extraName = null, string? extraValue = null)
    {
        if (labels.Count == 0 && extraName is null)
        {
            return string.Empty;
        }

        var sb = new StringBuilder("{");
        var first = true;
        foreach (var (key, value) in labels)
        {
            AppendLabel(sb, key, value, ref first);
        }

        if (extraName is not null)
        {
            AppendLabel(sb, extraName, extraValue ?? string.Empty, ref first);
        }

        return sb.Append('}').ToString();
    }

    private static void AppendLabel(StringBuilder sb, string key, string value, ref bool first)
    {
        if (!first)
        {
            sb.Append(',');
        }

        first = false;
        foreach (var c in key)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        sb.Append("=\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }

        sb.Append('"');
    }

    internal static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
