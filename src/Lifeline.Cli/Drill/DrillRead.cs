namespace Lifeline.Cli.Drill;

/// <summary>One read of the daemon's counters: a sample, or why there is none.</summary>
internal readonly record struct DrillRead(TrafficSample? Sample, string? Error)
{
    public static DrillRead Of(TrafficSample sample) => new(sample, null);

    public static DrillRead Failed(string error) => new(null, error);
}
