namespace Lifeline.Config;

/// <summary><c>proxy.cdr:</c> — per-call records.</summary>
internal sealed record CdrConfig
{
    public static CdrConfig Default { get; } = new();

    /// <summary>Write one row per call to the journal's calls table.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Also append one CSV line per call to this file; null = journal only.</summary>
    public string? Path { get; init; }
}
