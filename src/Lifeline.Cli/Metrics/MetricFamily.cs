using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Lifeline.Cli.Metrics;

/// <summary>All series of one instrument, keyed by their label set.</summary>
internal sealed class MetricFamily
{
    private readonly Instrument _instrument;
    private readonly double[] _buckets;
    private readonly ConcurrentDictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);
    private readonly bool _isHistogram;
    private readonly bool _isCounter;
    private readonly bool _isObservable;

    public MetricFamily(Instrument instrument, double[] buckets)
    {
        _instrument = instrument;
        _buckets = buckets;
        var type = instrument.GetType();
        var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        _isHistogram = generic == typeof(Histogram<>);
        _isCounter = generic == typeof(Counter<>) || generic == typeof(ObservableCounter<>);
        _isObservable = instrument.IsObservable;
        Name = PrometheusExporter.SanitizeName(instrument.Name, instrument.Unit, _isCounter);
    }

    public string Name { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = new(tags[i].Key, tags[i].Value?.ToString() ?? string.Empty);
        }

        Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var key = PrometheusExporter.FormatLabels(labels);
        var series = _series.GetOrAdd(key, static (_, state) => new MetricSeries(state.labels, state.buckets), (labels, buckets: _isHistogram ? _buckets : null));
        if (_isHistogram)
        {
            series.Observe(value);
        }
        else if (_isObservable)
        {
            series.Set(value);
        }
        else
        {
            series.Add(value);
        }
    }

    /// <summary>Observable series are re-read at each scrape; one that reports nothing disappears.</summary>
    public void ResetObservations()
    {
        if (_isObservable)
        {
            _series.Clear();
        }
    }

    public void WriteTo(StringBuilder sb)
    {
        if (_series.IsEmpty)
        {
            return;
        }

        if (!string.IsNullOrEmpty(_instrument.Description))
        {
            sb.Append("# HELP ").Append(Name).Append(' ').Append(_instrument.Description.Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
        }

        sb.Append("# TYPE ").Append(Name).Append(' ').Append(_isHistogram ? "histogram" : _isCounter ? "counter" : "gauge").Append('\n');
        foreach (var (labelText, series) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (_isHistogram)
            {
                series.WriteHistogram(sb, Name);
            }
            else
            {
                sb.Append(Name).Append(labelText).Append(' ').Append(PrometheusExporter.FormatValue(series.Value)).Append('\n');
            }
        }
    }
}
