namespace Lifeline.Journal;

/// <summary>
/// Probe statistics of one target over one minute (<see cref="Minute"/> is the minute's start, UTC).
/// RTT percentiles are null when no probe was answered. Writing the same target and minute again replaces the row.
/// </summary>
internal sealed record ProbeMinute(
    string TargetId,
    DateTimeOffset Minute,
    int Sent,
    int Answered,
    int Lost,
    TimeSpan? RttP50,
    TimeSpan? RttP90,
    TimeSpan? RttP99,
    TimeSpan? RttMax);
