namespace Lifeline.Sip.Auth;

/// <summary>
/// A Digest challenge from a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate) response. Read one
/// from a header value with <see cref="Parse"/>; answer it with <see cref="DigestClient"/>.
/// </summary>
public sealed record DigestChallenge
{
    /// <summary>The protection space; credentials are kept per realm.</summary>
    public required string Realm { get; init; }

    /// <summary>The server's nonce.</summary>
    public required string Nonce { get; init; }

    /// <summary>Opaque data to echo unchanged, if the server sent any.</summary>
    public string? Opaque { get; init; }

    /// <summary>The algorithm; MD5 when the challenge names none.</summary>
    public DigestAlgorithm Algorithm { get; init; } = DigestAlgorithm.Md5;

    /// <summary>Whether the challenge named its algorithm (the answer then names it too).</summary>
    public bool AlgorithmSpecified { get; init; }

    /// <summary>The qop options offered ("auth", "auth-int", others); empty for an RFC 2069 challenge.</summary>
    public IReadOnlyList<string> QopOptions { get; init; } = [];

    /// <summary>
    /// True when the previous request was refused only because its nonce had expired: retry with the
    /// same credentials and this new nonce. False after a request with credentials means they were wrong.
    /// </summary>
    public bool Stale { get; init; }

    /// <summary>The domain parameter, unparsed, if present.</summary>
    public string? Domain { get; init; }

    /// <summary>Reads the value of a WWW-Authenticate or Proxy-Authenticate header. Never throws.</summary>
    public static DigestChallengeParseResult Parse(string? headerValue) => DigestChallengeParser.Parse(headerValue);

    /// <summary>The token of an algorithm as it is written on the wire.</summary>
    public static string AlgorithmToken(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Md5Sess => "MD5-sess",
        DigestAlgorithm.Sha256 => "SHA-256",
        DigestAlgorithm.Sha256Sess => "SHA-256-sess",
        _ => "MD5",
    };
}
