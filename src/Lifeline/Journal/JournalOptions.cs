using Lifeline.Config;

namespace Lifeline.Journal;

/// <summary>How the journal writer batches, queues and prunes.</summary>
internal sealed record JournalOptions
{
    /// <summary>Transitions, operator actions.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(30);

    public TimeSpan ProbeStatsRetention { get; init; } = TimeSpan.FromDays(7);

    public TimeSpan CallsRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Rows waiting to be written. When full, transitions and operator actions wait; probe minutes and calls are dropped.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>Most rows in one transaction.</summary>
    public int MaxBatchSize { get; init; } = 2000;

    /// <summary>
    /// How long probe minutes and call records may wait to share a commit (other rows and flushes take them along
    /// at once). A process killed meanwhile loses at most this much of statistics, never a transition.
    /// </summary>
    public TimeSpan StatisticsDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Wait before retrying a batch that failed (disk full, I/O error).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public static JournalOptions FromConfig(JournalConfig config) => new()
    {
        Retention = config.Retention,
        ProbeStatsRetention = config.ProbeStatsRetention,
        CallsRetention = config.CallsRetention,
    };
}
