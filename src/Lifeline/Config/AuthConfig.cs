namespace Lifeline.Config;

/// <summary><c>trunks[].auth:</c> — digest credentials for answering a carrier's 401/407 challenge to INVITE.</summary>
internal sealed record AuthConfig
{
    public required string Username { get; init; }

    public required Secret Password { get; init; }

    /// <summary>Only answer challenges for this realm; null = any realm the trunk's gateways send.</summary>
    public string? Realm { get; init; }
}
