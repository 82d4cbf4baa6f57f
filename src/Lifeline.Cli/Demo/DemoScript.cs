using System.Globalization;

namespace Lifeline.Cli.Demo;

/// <summary>
/// What a simulated carrier gateway does with each OPTIONS it receives, as a pure function of the time since the
/// demo started and a random draw: answer, or drop it silently (a dead carrier, or a lost packet). The times are
/// chosen for the default health rules, with slack for a loaded machine: a first silence longer than the 5.7 s
/// worst-case detection, silences while Recovering longer than the 3 misses that send it back Down.
/// </summary>
internal sealed class DemoScript
{
    private readonly DemoSilence[] _silences;

    private DemoScript(string name, DemoScriptKind kind, string behaviour, string description, DemoSilence[] silences, double lossRate)
    {
        Name = name;
        Kind = kind;
        Behaviour = behaviour;
        Description = description;
        _silences = silences;
        LossRate = lossRate;
    }

    /// <summary>The gateway's name in the view and the summary (its target id).</summary>
    public string Name { get; }

    public DemoScriptKind Kind { get; }

    /// <summary>The plan in a few words, for the view's table: "silent t+8–25 s".</summary>
    public string Behaviour { get; }

    /// <summary>The plan in a sentence: "answers, goes silent at t+8 s, answers again from t+25 s".</summary>
    public string Description { get; }

    /// <summary>When it drops every probe, in order.</summary>
    public IReadOnlyList<DemoSilence> Silences => _silences;

    /// <summary>Share of probes dropped at random outside the silences (0 to 1).</summary>
    public double LossRate { get; }

    /// <summary>When the last silence ends: the demo should run a little longer to show the whole story.</summary>
    public TimeSpan StoryEnd => _silences.Length == 0 ? TimeSpan.Zero : _silences[^1].End;

    /// <summary>
    /// The four gateways of <c>lifeline demo</c>: a steady one, one that dies at 8 s and comes back at 25 s, one that
    /// loses 15% of probes, and one that flaps from 12 s to 40 s.
    /// </summary>
    public static IReadOnlyList<DemoScript> Standard { get; } =
    [
        Steady("steady"),
        DiesAndComesBack("dies", TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(25)),
        Lossy("lossy", 0.15),
        Flapping("flapping", TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(40)),
    ];

    /// <summary>Answers every probe.</summary>
    public static DemoScript Steady(string name) => new(name, DemoScriptKind.Steady, "always answers", "always answers", [], 0);

    /// <summary>Answers, drops everything from <paramref name="silentAt"/> until <paramref name="backAt"/>, then answers again.</summary>
    public static DemoScript DiesAndComesBack(string name, TimeSpan silentAt, TimeSpan backAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silentAt, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(backAt, silentAt);
        return new(
            name,
            DemoScriptKind.DiesAndComesBack,
            $"silent {Span(silentAt, backAt)}",
            $"answers, goes silent at {At(silentAt)}, answers again from {At(backAt)}",
            [new DemoSilence(silentAt, backAt)],
            0);
    }

    /// <summary>Drops each probe with probability <paramref name="lossRate"/>, independently.</summary>
    public static DemoScript Lossy(string name, double lossRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lossRate, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lossRate, 1);
        return new(
            name,
            DemoScriptKind.Lossy,
            string.Create(CultureInfo.InvariantCulture, $"{lossRate:0%} random loss"),
            string.Create(CultureInfo.InvariantCulture, $"answers, but drops {lossRate:0%} of probes at random places ({Math.Round(lossRate * DemoDraws.BlockSize):0} in every {DemoDraws.BlockSize}), like a lossy link"),
            [],
            lossRate);
    }

    /// <summary>
    /// Silent from <paramref name="start"/> for <paramref name="firstSilence"/> (long enough to be detected from Up),
    /// then answering and silent by turns, <paramref name="phase"/> each, until <paramref name="end"/>; then answers.
    /// </summary>
    public static DemoScript Flapping(string name, TimeSpan start, TimeSpan firstSilence, TimeSpan phase, TimeSpan end)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstSilence, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(phase, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start + firstSilence);
        var silences = new List<DemoSilence> { new(start, start + firstSilence) };
        for (var silent = start + firstSilence + phase; silent < end; silent += phase + phase)
        {
            silences.Add(new DemoSilence(silent, silent + phase < end ? silent + phase : end));
        }

        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"silent {Span(start, start + firstSilence)}, then {phase.TotalSeconds:0} s answering / {phase.TotalSeconds:0} s silent until {At(end)}, then answers");
        return new(name, DemoScriptKind.Flapping, $"flaps {Span(start, end)}", description, [.. silences], 0);
    }

    /// <summary>
    /// Whether the gateway answers a probe that arrives <paramref name="elapsed"/> after the start;
    /// <paramref name="draw"/> is uniform in [0, 1) and decides random loss.
    /// </summary>
    public bool Answers(TimeSpan elapsed, double draw) => SilenceAt(elapsed) is null && draw >= LossRate;

    /// <summary>The silence in force at <paramref name="elapsed"/>, if any.</summary>
    public DemoSilence? SilenceAt(TimeSpan elapsed)
    {
        foreach (var silence in _silences)
        {
            if (silence.Contains(elapsed))
            {
                return silence;
            }
        }

        return null;
    }

    /// <summary>What it does right now, for the view: "answering", "silent", "answering, lossy".</summary>
    public string PhaseAt(TimeSpan elapsed)
    {
        if (SilenceAt(elapsed) is { } silence)
        {
            return "silent";
        }

        return LossRate > 0 ? "answering, lossy" : "answering";
    }

    private static string At(TimeSpan t) => DemoText.At(t, decimals: false);

    private static string Span(TimeSpan from, TimeSpan to) =>
        string.Create(CultureInfo.InvariantCulture, $"t+{from.TotalSeconds:0}–{to.TotalSeconds:0} s");
}
