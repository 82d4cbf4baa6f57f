namespace Lifeline.Cli.Demo;

/// <summary>The story a simulated gateway plays, which decides what the summary says about it.</summary>
internal enum DemoScriptKind
{
    /// <summary>Always answers: the baseline.</summary>
    Steady,

    /// <summary>Answers, goes silent for a while, answers again: detection and fail-back.</summary>
    DiesAndComesBack,

    /// <summary>Drops a share of probes at random: Suspect blips, never Down.</summary>
    Lossy,

    /// <summary>Alternates silent and answering: a few Downs, then damped.</summary>
    Flapping,
}
