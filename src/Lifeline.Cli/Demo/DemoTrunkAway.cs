namespace Lifeline.Cli.Demo;

/// <summary>A trunk that calls failed over from, for <see cref="DemoCallEvents"/>: since when, and the last time a call tried it.</summary>
internal sealed class DemoTrunkAway(TimeSpan firstFailover)
{
    /// <summary>When the first call that failed over from it was placed.</summary>
    public TimeSpan FirstFailover { get; } = firstFailover;

    /// <summary>When the last call that tried it was placed.</summary>
    public TimeSpan LastTried { get; set; } = firstFailover;

    /// <summary>The "no call tries it any more" event was given.</summary>
    public bool Skipped { get; set; }
}
