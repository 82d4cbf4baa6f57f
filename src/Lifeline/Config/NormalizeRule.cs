namespace Lifeline.Config;

/// <summary>
/// <c>proxy.normalize[]:</c> — one dial-plan rewrite of the dialed number toward E.164. Rules are
/// tried in order; the first whose <see cref="Match"/> prefix (and <see cref="Length"/>, if set)
/// fits applies, and no other.
/// </summary>
internal sealed record NormalizeRule
{
    /// <summary>Prefix the dialed number must start with; empty matches every number.</summary>
    public string Match { get; init; } = string.Empty;

    /// <summary>Exact length of the dialed number; null = any length.</summary>
    public int? Length { get; init; }

    /// <summary>Characters removed from the front.</summary>
    public int Strip { get; init; }

    /// <summary>Text put in front after stripping.</summary>
    public string Prepend { get; init; } = string.Empty;
}
