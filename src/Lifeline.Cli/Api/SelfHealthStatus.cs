namespace Lifeline.Cli.Api;

/// <summary>Lifeline's judgement of itself: Healthy, or Suspect (correlated failures, late timers) with the reason.</summary>
internal sealed record SelfHealthStatus(string State, string? Reason, DateTimeOffset Since, bool Holding, double TickLatenessMs);
