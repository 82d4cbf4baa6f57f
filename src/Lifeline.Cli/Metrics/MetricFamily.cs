using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Lifeline.Cli.Metrics;

/// <summary>
/// All series of one instrument, keyed by their label set. A measurement finds its series without allocating (an
/// alternate lookup on its tags); observable series are kept from one scrape to the next and only those reported in
/// the latest scrape are written, so a scrape allocates nothing per series that already existed.
/// </summary>
internal sealed class MetricFamily
{
    private readonly Instrument _instrument;
    private readonly double[] _buckets;
    private readonly ConcurrentDictionary<MetricLabels, MetricSeries> _series = new(MetricLabelsComparer.Instance);
    private readonly ConcurrentDictionary<MetricLabels, MetricSeries>.AlternateLookup<MeasurementTags> _byTags;
    private readonly List<KeyValuePair<MetricLabels, MetricSeries>> _sorted = [];
    private readonly bool _isHistogram;
    private readonly bool _isCounter;
    private readonly bool _isObservable;
    private long _generation;

    public MetricFamily(Instrument instrument, double[] buckets)
    {
        _instrument = instrument;
        _buckets = buckets;
        _byTags = _series.GetAlternateLookup<MeasurementTags>();
        var type = instrument.GetType();
        var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        _isHistogram = generic == typeof(Histogram<>);
        _isCounter = generic == typeof(Counter<>) || generic == typeof(ObservableCounter<>);
        _isObservable = instrument.IsObservable;
        Name = PrometheusExporter.SanitizeName(instrument.Name, instrument.Unit, _isCounter);
    }

    public string Name { get; }

    /// <summary>Series held now (those of earlier scrapes included until the next write drops them).</summary>
    public int SeriesCount => _series.Count;

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = new MeasurementTags(tags);
        if (!_byTags.TryGetValue(key, out var series))
        {
            var labels = new MetricLabels(tags);
            series = _series.GetOrAdd(labels, static (l, buckets) => new MetricSeries(l.Labels, buckets), _isHistogram ? _buckets : null);
        }

        if (_isHistogram)
        {
            series.Observe(value);
        }
        else if (_isObservable)
        {
            series.Set(value, Volatile.Read(ref _generation));
        }
        else
        {
            series.Add(value);
        }
    }

    /// <summary>Starts a scrape: observable series not reported again from now on are dropped when written.</summary>
    public void ResetObservations()
    {
        if (_isObservable)
        {
            Interlocked.Increment(ref _generation);
        }
    }

    public void WriteTo(StringBuilder sb)
    {
        var generation = Volatile.Read(ref _generation);
        _sorted.Clear();
        foreach (var entry in _series)
        {
            if (_isObservable && entry.Value.Generation != generation)
            {
                // Not reported in this scrape: the thing it measured is gone.
                _series.TryRemove(entry);
                continue;
            }

            _sorted.Add(entry);
        }

        if (_sorted.Count == 0)
        {
            return;
        }

        if (!string.IsNullOrEmpty(_instrument.Description))
        {
            sb.Append("# HELP ").Append(Name).Append(' ').Append(_instrument.Description.Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
        }

        sb.Append("# TYPE ").Append(Name).Append(' ').Append(_isHistogram ? "histogram" : _isCounter ? "counter" : "gauge").Append('\n');
        _sorted.Sort(static (a, b) => string.CompareOrdinal(a.Key.Text, b.Key.Text));
        foreach (var (labels, series) in _sorted)
        {
            if (_isHistogram)
            {
                series.WriteHistogram(sb, Name);
            }
            else
            {
                sb.Append(Name).Append(labels.Text).Append(' ');
                PrometheusExporter.AppendValue(sb, series.Value);
                sb.Append('\n');
            }
        }

        _sorted.Clear();
    }
}
