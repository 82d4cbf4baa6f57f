namespace Lifeline.Cli.Drill;

/// <summary>What <c>lifeline drill</c> was asked to do.</summary>
/// <param name="Trunk">The trunk to drain.</param>
/// <param name="Duration">How long the trunk stays drained.</param>
/// <param name="Poll">How often the daemon's counters are read.</param>
/// <param name="ReturnWait">After the restore, how long to wait for calls to reach the trunk again.</param>
internal sealed record DrillSettings(string Trunk, TimeSpan Duration, TimeSpan Poll, TimeSpan ReturnWait)
{
    public static TimeSpan DefaultDuration { get; } = TimeSpan.FromSeconds(30);

    public static TimeSpan DefaultPoll { get; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Settings with the default poll and a return wait of the drain's length, at most 30 s.</summary>
    public static DrillSettings For(string trunk, TimeSpan duration) =>
        new(trunk, duration, DefaultPoll, duration < TimeSpan.FromSeconds(30) ? duration : TimeSpan.FromSeconds(30));
}
