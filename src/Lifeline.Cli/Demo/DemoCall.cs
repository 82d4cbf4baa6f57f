namespace Lifeline.Cli.Demo;

/// <summary>One call the simulated dialer placed, as the dialer saw it.</summary>
/// <param name="PlacedAt">When the INVITE left the dialer, from the demo's start.</param>
/// <param name="Setup">From the INVITE to the final response (post-dial delay).</param>
/// <param name="Code">The final status code the dialer got (0: none at all).</param>
/// <param name="AnsweredBy">The gateway that answered (from its Contact), or null.</param>
internal readonly record struct DemoCall(TimeSpan PlacedAt, TimeSpan Setup, int Code, string? AnsweredBy)
{
    public bool Answered => Code is >= 200 and < 300;
}
