namespace Lifeline.Cli.Checking;

/// <summary>A timer setting that works but will hurt, with the numbers that show why and what to do.</summary>
/// <param name="Trunk">The trunk it concerns.</param>
/// <param name="Key">The setting, e.g. <c>probing.interval</c>.</param>
/// <param name="Message">What will happen and what to set instead.</param>
internal sealed record LintWarning(string Trunk, string Key, string Message)
{
    public override string ToString() => $"warning: trunk {Trunk}: {Key}: {Message}";
}
