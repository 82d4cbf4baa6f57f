namespace Lifeline.Cli.Demo;

/// <summary>Something the calls showed, in a sentence: a batch of failovers, traffic leaving a trunk or coming back.</summary>
/// <param name="At">When it was seen, from the demo's start.</param>
/// <param name="Text">The sentence: "5 calls failed over from dies to steady, worst added delay 412 ms".</param>
internal sealed record DemoCallEvent(TimeSpan At, string Text);
