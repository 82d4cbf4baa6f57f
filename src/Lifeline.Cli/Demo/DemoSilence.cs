namespace Lifeline.Cli.Demo;

/// <summary>A stretch of the demo during which a simulated gateway drops every OPTIONS, as a dead carrier would.</summary>
/// <param name="Start">When it goes silent, from the start of the demo.</param>
/// <param name="End">When it answers again (exclusive).</param>
internal readonly record struct DemoSilence(TimeSpan Start, TimeSpan End)
{
    public bool Contains(TimeSpan elapsed) => elapsed >= Start && elapsed < End;
}
