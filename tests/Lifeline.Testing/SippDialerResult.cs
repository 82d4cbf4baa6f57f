namespace Lifeline.Testing;

/// <summary>
/// What a <see cref="SippDialer"/> run ended with: sipp's exit code (0 = every call succeeded), its cumulative
/// successful and failed call counters, and its message trace.
/// </summary>
public sealed record SippDialerResult(int ExitCode, int Successful, int Failed, SippTrace Trace, string Output)
{
    /// <summary>A summary for assertion messages: counters, then the end of sipp's output.</summary>
    public string Describe() =>
        $"sipp exit {ExitCode}, {Successful} successful, {Failed} failed, {Trace.Lines.Count} messages traced\n"
        + (Output.Length > 6000 ? Output[^6000..] : Output);
}
