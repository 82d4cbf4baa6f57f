namespace Lifeline.Cli.Api;

/// <summary>A target's latest transition.</summary>
internal sealed record TransitionStatus(DateTimeOffset At, string From, string To, string Reason);
