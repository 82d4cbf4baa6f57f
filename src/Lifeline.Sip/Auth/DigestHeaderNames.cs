namespace Lifeline.Sip.Auth;

/// <summary>Which header carries the answer to which challenge (RFC 3261 sections 22.2 and 22.3).</summary>
public static class DigestHeaderNames
{
    /// <summary>The challenge of a 401 response.</summary>
    public const string WwwAuthenticate = "WWW-Authenticate";

    /// <summary>The challenge of a 407 response.</summary>
    public const string ProxyAuthenticate = "Proxy-Authenticate";

    /// <summary>The answer to a WWW-Authenticate challenge.</summary>
    public const string Authorization = "Authorization";

    /// <summary>The answer to a Proxy-Authenticate challenge.</summary>
    public const string ProxyAuthorization = "Proxy-Authorization";

    /// <summary>The header to answer a challenge header with, or null for a header that is not a challenge.</summary>
    public static string? AnswerFor(string challengeHeaderName) =>
        string.Equals(challengeHeaderName, WwwAuthenticate, StringComparison.OrdinalIgnoreCase) ? Authorization
        : string.Equals(challengeHeaderName, ProxyAuthenticate, StringComparison.OrdinalIgnoreCase) ? ProxyAuthorization
        : null;
}
