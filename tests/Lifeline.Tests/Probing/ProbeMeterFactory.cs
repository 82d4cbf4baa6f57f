using System.Diagnostics.Metrics;

namespace Lifeline.Tests.Probing;

/// <summary>A meter factory of the test's own, so a listener sees only the meters this test created.</summary>
internal sealed class ProbeMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public IReadOnlyList<Meter> Meters => _meters;

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
