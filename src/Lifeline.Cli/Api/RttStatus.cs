namespace Lifeline.Cli.Api;

/// <summary>A gateway's probe round-trip times in milliseconds: smoothed (RFC 6298) and percentiles over the last 128 answers.</summary>
internal sealed record RttStatus(double? SmoothedMs, double? P50Ms, double? P90Ms, double? P99Ms, int Samples);
