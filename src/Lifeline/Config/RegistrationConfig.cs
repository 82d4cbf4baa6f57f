namespace Lifeline.Config;

/// <summary><c>trunks[].registration:</c> — keep a REGISTER binding fresh at the carrier.</summary>
internal sealed record RegistrationConfig
{
    /// <summary>The address-of-record user (To/From user part).</summary>
    public required string User { get; init; }

    /// <summary>Digest username when it differs from <see cref="User"/>; null = <see cref="User"/>.</summary>
    public string? AuthUser { get; init; }

    public Secret? Password { get; init; }

    /// <summary>Registrar domain; null = the first gateway's host.</summary>
    public string? Domain { get; init; }

    public TimeSpan Expires { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Re-register this long before the binding expires.</summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromSeconds(60);
}
