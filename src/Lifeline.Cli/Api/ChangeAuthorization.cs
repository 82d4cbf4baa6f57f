using System.Security.Cryptography;
using System.Text;
using Lifeline.Config;
using Microsoft.AspNetCore.Http;

namespace Lifeline.Cli.Api;

/// <summary>
/// Who may change health through the API: a request with <c>Authorization: Bearer &lt;http.token&gt;</c>. Without a
/// configured token, changes are refused for everyone (403): a drain is an outage for a carrier, and "only from
/// loopback" would trust every local process and anything that proxies to it. The token is compared in constant
/// time (over SHA-256 digests, so not even its length leaks) and never logged.
/// </summary>
internal sealed class ChangeAuthorization
{
    private const string Scheme = "Bearer ";
    private readonly byte[]? _tokenHash;

    public ChangeAuthorization(Secret? token)
    {
        _tokenHash = token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token.Reveal()));
    }

    /// <summary>Whether a token is configured (changes possible at all).</summary>
    public bool Enabled => _tokenHash is not null;

    public ChangeAuthorizationResult Check(HttpRequest request)
    {
        if (_tokenHash is null)
        {
            return ChangeAuthorizationResult.NoTokenConfigured;
        }

        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return ChangeAuthorizationResult.Missing;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header.AsSpan(Scheme.Length).Trim().ToString()));
        return CryptographicOperations.FixedTimeEquals(presented, _tokenHash) ? ChangeAuthorizationResult.Allowed : ChangeAuthorizationResult.Wrong;
    }
}
