using System.Diagnostics.Metrics;

namespace Lifeline.Tests.Probing;

/// <summary>
/// Listens to the instruments of the meters of one <see cref="ProbeMeterFactory"/>: histogram records as they come,
/// observable counters and gauges when <see cref="Collect"/> reads them (as a scrape would). Tags are written
/// <c>key=value</c>, sorted and joined with commas.
/// </summary>
internal sealed class MetricsScrape : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Name, string Tags, double Value)> _records = [];
    private readonly List<(string Name, string Tags, double Value)> _observed = [];
    private bool _collecting;

    public MetricsScrape(ProbeMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (meters.Meters.Contains(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    public IReadOnlyList<(string Name, string Tags, double Value)> Collect()
    {
        _observed.Clear();
        _collecting = true;
        _listener.RecordObservableInstruments();
        _collecting = false;
        return [.. _observed];
    }

    public IReadOnlyList<(string Name, string Tags, double Value)> Histogram(string name) => [.. _records.Where(r => r.Name == name)];

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var text = string.Join(",", tags.ToArray().Select(t => t.Key + "=" + t.Value).Order(StringComparer.Ordinal));
        (_collecting ? _observed : _records).Add((instrument.Name, text, value));
    }
}
