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
    private readonly Lock _scrape = new();
    private readonly List<MetricFamily> _sorted = [];
    private readonly StringBuilder _text = new(4096);
    private readonly string _meterPrefix;

    public PrometheusExporter(string meterPrefix = "Lifeline")
    {
        _meterPrefix = meterPrefix;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith(_meterPrefix, StringComparison.Ordinal))
            {
                var family = new MetricFamily(instrument, BucketsOf(instrument));
                _families[instrument] = family;

                // The family rides along as the listener's state: a measurement goes to it without a lookup.
                listener.EnableMeasurementEvents(instrument, family);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _families.TryRemove(instrument, out MetricFamily? _);
        _listener.SetMeasurementEventCallback<long>(static (_, v, tags, state) => (state as MetricFamily)?.Record(v, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, v, tags, state) => (state as MetricFamily)?.Record(v, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, v, tags, state) => (state as MetricFamily)?.Record(v, tags));
        _listener.Start();
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
        // One scrape at a time: observable series are marked by the scrape that reported them.
        lock (_scrape)
        {
            foreach (var family in _families.Values)
            {
                family.ResetObservations();
            }

            _listener.RecordObservableInstruments();
            _sorted.Clear();
            _sorted.AddRange(_families.Values);
            _sorted.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            _text.Clear();
            foreach (var family in _sorted)
            {
                family.WriteTo(_text);
            }

            _sorted.Clear();
            return _text.ToString();
        }
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

    internal static void AppendValue(StringBuilder sb, double value)
    {
        if (double.IsFinite(value))
        {
            // Formatted straight into the builder: no string per series.
            sb.Append(CultureInfo.InvariantCulture, $"{value:R}");
            return;
        }

        sb.Append(FormatValue(value));
    }

    internal static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
