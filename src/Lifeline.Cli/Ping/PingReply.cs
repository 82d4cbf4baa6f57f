namespace Lifeline.Cli.Ping;

/// <summary>One probe's result: the status line and round-trip time, or why there was no answer.</summary>
internal readonly record struct PingReply(int Sequence, int StatusCode, string? Reason, TimeSpan RoundTrip, string? Agent, string? Failure)
{
    public bool Answered => StatusCode > 0;
}
