namespace Lifeline.Cli.Metrics;

/// <summary>
/// The label set of one series: labels sorted by name, their Prometheus text (<c>{trunk="a",health="Up"}</c>) made
/// once, and a hash that does not depend on label order, so a measurement's tags find their series without a copy
/// (<see cref="MetricLabelsComparer"/>).
/// </summary>
internal sealed class MetricLabels
{
    public MetricLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = new(tags[i].Key, ValueText(tags[i].Value));
        }

        Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        Labels = labels;
        Text = PrometheusExporter.FormatLabels(labels);
        Hash = HashOf(tags);
    }

    public KeyValuePair<string, string>[] Labels { get; }

    /// <summary>The labels as written after the metric name; empty when there are none.</summary>
    public string Text { get; }

    public int Hash { get; }

    /// <summary>Whether <paramref name="tags"/> (in any order) are exactly these labels.</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != Labels.Length)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            var found = false;
            foreach (var label in Labels)
            {
                if (string.Equals(label.Key, tag.Key, StringComparison.Ordinal))
                {
                    found = tag.Value is string s ? string.Equals(label.Value, s, StringComparison.Ordinal) : label.Value == ValueText(tag.Value);
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The order-independent hash of a measurement's tags (the same as its label set's).</summary>
    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            // A sum: the order of tags does not matter.
            hash += HashCode.Combine(
                StringComparer.Ordinal.GetHashCode(tag.Key),
                StringComparer.Ordinal.GetHashCode(tag.Value as string ?? ValueText(tag.Value)));
        }

        return hash;
    }

    private static string ValueText(object? value) => value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
}
