namespace Lifeline.Health;

/// <summary>
/// A named, swappable rule that reads signals about one target and says whether it failed. Detectors are pure:
/// no I/O, time comes in as arguments. One instance belongs to one target and is driven by one updater
/// (the <see cref="HealthBoard"/>, under its lock), so implementations are not thread-safe.
/// </summary>
internal interface IFailureDetector
{
    /// <summary>The name it is chosen by in config (<c>consecutive</c>, <c>ratio</c>, <c>phi</c>).</summary>
    string Name { get; }

    /// <summary>Records one signal. Detectors ignore the kinds they do not judge.</summary>
    void Observe(in Signal signal);

    /// <summary>The verdict at <paramref name="now"/> (time matters to windows and to phi).</summary>
    DetectorVerdict Verdict(DateTimeOffset now);

    /// <summary>
    /// True when the verdict may change with time alone, without a new signal (a window with samples that can age
    /// out, phi rising since the last answer). The board ticks only targets whose rules can still move by
    /// themselves, so a false here must be certain: <see cref="Verdict"/> then returns the same at any later time.
    /// </summary>
    bool ChangesWithTime { get; }

    /// <summary>Why the verdict is what it is, as an operator's sentence. Called only when health changes.</summary>
    string Explain(DateTimeOffset now);

    /// <summary>Forgets what was seen (a target starting to prove itself is judged on fresh evidence).</summary>
    void Reset();
}
