using System.Text;

namespace Lifeline.Cli.Metrics;

/// <summary>One labelled time series: a value, or a histogram's buckets, sum and count.</summary>
internal sealed class MetricSeries(KeyValuePair<string, string>[] labels, double[]? buckets)
{
    private readonly object _lock = new();
    private readonly long[] _bucketCounts = new long[(buckets?.Length ?? 0) + 1];
    private double _value;
    private double _sum;
    private long _count;
    private long _generation;

    /// <summary>The scrape that last set an observable series' value.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public double Value
    {
        get
        {
            lock (_lock)
            {
                return _value;
            }
        }
    }

    public void Add(double value)
    {
        lock (_lock)
        {
            _value += value;
        }
    }

    public void Set(double value, long generation)
    {
        lock (_lock)
        {
            _value = value;
            _generation = generation;
        }
    }

    public void Observe(double value)
    {
        var index = buckets!.Length;
        for (var i = 0; i < buckets.Length; i++)
        {
            if (value <= buckets[i])
            {
                index = i;
                break;
            }
        }

        lock (_lock)
        {
            _bucketCounts[index]++;
            _sum += value;
            _count++;
        }
    }

    public void WriteHistogram(StringBuilder sb, string name)
    {
        long cumulative = 0;
        lock (_lock)
        {
            for (var i = 0; i < buckets!.Length; i++)
            {
                cumulative += _bucketCounts[i];
                sb.Append(name).Append("_bucket").Append(PrometheusExporter.FormatLabels(labels, "le", PrometheusExporter.FormatValue(buckets[i])))
                  .Append(' ').Append(cumulative).Append('\n');
            }

            cumulative += _bucketCounts[^1];
            sb.Append(name).Append("_bucket").Append(PrometheusExporter.FormatLabels(labels, "le", "+Inf")).Append(' ').Append(cumulative).Append('\n');
            sb.Append(name).Append("_sum").Append(PrometheusExporter.FormatLabels(labels)).Append(' ').Append(PrometheusExporter.FormatValue(_sum)).Append('\n');
            sb.Append(name).Append("_count").Append(PrometheusExporter.FormatLabels(labels)).Append(' ').Append(_count).Append('\n');
        }
    }
}
