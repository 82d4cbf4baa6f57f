namespace Lifeline.Config;

/// <summary><c>journal:</c> — the SQLite journal of transitions, operator actions, probe statistics and calls.</summary>
internal sealed record JournalConfig
{
    public const string DefaultPath = "./lifeline.db";

    /// <summary>Full path of the database file (a relative path in the file is relative to the config file's folder).</summary>
    public string Path { get; init; } = DefaultPath;

    /// <summary>How long transitions, operator actions and target states of removed targets are kept.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long per-minute probe statistics are kept.</summary>
    public TimeSpan ProbeStatsRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long per-call records are kept.</summary>
    public TimeSpan CallsRetention { get; init; } = TimeSpan.FromDays(30);
}
