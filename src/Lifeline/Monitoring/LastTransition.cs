namespace Lifeline.Monitoring;

/// <summary>A target's latest transition, for the status view: when, from and to what, and why.</summary>
internal sealed record LastTransition(DateTimeOffset At, string From, string To, string Reason);
