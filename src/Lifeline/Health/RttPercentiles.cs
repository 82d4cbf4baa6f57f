namespace Lifeline.Health;

/// <summary>RTT percentiles over the recent window of answered probes (nearest rank).</summary>
/// <param name="Count">Samples the percentiles are taken over; 0 when none.</param>
/// <param name="P50">Median.</param>
/// <param name="P90">90th percentile.</param>
/// <param name="P99">99th percentile.</param>
internal readonly record struct RttPercentiles(int Count, TimeSpan P50, TimeSpan P90, TimeSpan P99);
