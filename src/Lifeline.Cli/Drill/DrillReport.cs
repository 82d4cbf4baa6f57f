using System.Globalization;

namespace Lifeline.Cli.Drill;

/// <summary>What a drill proved, in the words the report prints.</summary>
/// <param name="Trunk">The trunk drilled.</param>
/// <param name="CallsDuringDrain">Calls the dialer sent while the trunk was drained.</param>
/// <param name="CallsMoved">Attempts the other trunks carried while the trunk was drained.</param>
/// <param name="CallsToDrainedTrunk">Attempts still sent to the drained trunk after the drain (should be 0).</param>
/// <param name="CallsLost">Calls the dialer got a failure for (every trunk failed, or none was usable) during the whole drill.</param>
/// <param name="TimeToMove">From the drain to the last call that still reached the trunk (zero: none did).</param>
/// <param name="Drained">How long the trunk stayed drained.</param>
/// <param name="TimeToReturn">From the restore to the first call through the trunk again; null when none came while watching.</param>
/// <param name="Restored">Whether the trunk was enabled again.</param>
/// <param name="HealthAfter">The trunk's health at the end.</param>
internal sealed record DrillReport(
    string Trunk,
    long CallsDuringDrain,
    long CallsMoved,
    long CallsToDrainedTrunk,
    long CallsLost,
    TimeSpan TimeToMove,
    TimeSpan Drained,
    TimeSpan? TimeToReturn,
    bool Restored,
    string HealthAfter)
{
    /// <summary>The drill passed: nothing lost, nothing sent to the drained trunk, and the trunk is back in service.</summary>
    public bool Passed => CallsLost == 0 && CallsToDrainedTrunk == 0 && Restored;

    /// <summary>The report as lines for a terminal or a ticket.</summary>
    public IReadOnlyList<string> Lines()
    {
        var lines = new List<string>
        {
            Invariant($"Drill of trunk {Trunk}: drained for {Seconds(Drained)}"),
            Invariant($"  calls during the drain:     {CallsDuringDrain}"),
            Invariant($"  calls moved to other trunks: {CallsMoved}"),
            Invariant($"  calls still sent to {Trunk}: {CallsToDrainedTrunk}"),
            Invariant($"  calls lost:                 {CallsLost}"),
            CallsToDrainedTrunk == 0
                ? "  time to move:               at once (no call reached the trunk after the drain)"
                : Invariant($"  time to move:               {Seconds(TimeToMove)} (last call that still reached the trunk)"),
            !Restored
                ? Invariant($"  restore:                    FAILED: {Trunk} is still drained; enable it with POST /api/trunks/{Trunk}/enable")
                : TimeToReturn is { } back
                    ? Invariant($"  restored: traffic back on {Trunk} after {Seconds(back)}; health now {HealthAfter}")
                    : Invariant($"  restored: {Trunk} enabled, health now {HealthAfter}; no call reached it while watching"),
        };
        if (CallsDuringDrain == 0)
        {
            lines.Add("  note: no calls came in during the drain, so the drill could not show traffic moving; run it when the dialer is busy");
        }

        lines.Add(Passed ? "Result: PASSED" : "Result: FAILED");
        return lines;
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string Invariant(FormattableString s) => FormattableString.Invariant(s);
}
