namespace Lifeline.Config;

/// <summary><c>health.phi:</c> — the phi accrual detector (Hayashibara et al.), as in Akka and Cassandra.</summary>
internal sealed record PhiConfig
{
    public static PhiConfig Default { get; } = new();

    /// <summary>Phi at or above which the target is suspected (8 ≈ one false alarm in 10^8 under the normal model).</summary>
    public double Threshold { get; init; } = 8;

    /// <summary>Number of inter-arrival samples kept.</summary>
    public int MaxSamples { get; init; } = 100;

    /// <summary>Lower bound of the standard deviation, so a very regular history does not make phi jumpy.</summary>
    public TimeSpan MinStdDev { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Extra silence tolerated before phi starts to rise.</summary>
    public TimeSpan AcceptablePause { get; init; } = TimeSpan.Zero;
}
