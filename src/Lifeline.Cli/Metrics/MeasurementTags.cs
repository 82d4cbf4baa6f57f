namespace Lifeline.Cli.Metrics;

/// <summary>The tags of one measurement, as handed to the listener: the key that finds a series without a copy.</summary>
/// <param name="tags">The measurement's tags, in the order the instrument gave them.</param>
internal readonly ref struct MeasurementTags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
{
    public ReadOnlySpan<KeyValuePair<string, object?>> Tags { get; } = tags;
}
