namespace Lifeline.Cli.Demo;

/// <summary>One attempt of a call as the proxy's call record lists it: which trunk, how it ended, when (from the call's start).</summary>
/// <param name="Trunk">The trunk tried.</param>
/// <param name="Outcome">The record's outcome: <c>answered</c>, <c>timeout</c>, <c>failed</c>, <c>transport-error</c> …</param>
/// <param name="Start">When the attempt began, from the proxy's receipt of the INVITE.</param>
/// <param name="End">When it ended.</param>
internal readonly record struct DemoAttempt(string Trunk, string Outcome, TimeSpan Start, TimeSpan End)
{
    public bool Answered => Outcome == "answered";
}
