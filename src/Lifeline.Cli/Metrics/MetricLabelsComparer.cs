namespace Lifeline.Cli.Metrics;

/// <summary>
/// Compares label sets, and a measurement's tags with a label set: with it a series is found for each measurement
/// (a probe's RTT, thousands a second) without allocating; a label set is made only for a series seen the first time.
/// </summary>
internal sealed class MetricLabelsComparer : IEqualityComparer<MetricLabels>, IAlternateEqualityComparer<MeasurementTags, MetricLabels>
{
    public static MetricLabelsComparer Instance { get; } = new();

    public bool Equals(MetricLabels? x, MetricLabels? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && string.Equals(x.Text, y.Text, StringComparison.Ordinal));

    public int GetHashCode(MetricLabels obj) => obj.Hash;

    public bool Equals(MeasurementTags alternate, MetricLabels other) => other.Matches(alternate.Tags);

    public int GetHashCode(MeasurementTags alternate) => MetricLabels.HashOf(alternate.Tags);

    public MetricLabels Create(MeasurementTags alternate) => new(alternate.Tags);
}
