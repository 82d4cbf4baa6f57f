namespace Lifeline.Sip.Auth;

/// <summary>Why a WWW-Authenticate / Proxy-Authenticate value could not be used.</summary>
public enum DigestChallengeError
{
    /// <summary>The challenge was read.</summary>
    None,

    /// <summary>The value is empty.</summary>
    Empty,

    /// <summary>The scheme is not Digest (for example Basic or Bearer).</summary>
    NotDigest,

    /// <summary>The value does not follow the <c>Digest name=value, name="quoted"</c> syntax.</summary>
    Syntax,

    /// <summary>A parameter appears twice.</summary>
    DuplicateParameter,

    /// <summary>No realm parameter.</summary>
    MissingRealm,

    /// <summary>No nonce parameter.</summary>
    MissingNonce,

    /// <summary>An algorithm other than MD5, MD5-sess, SHA-256, SHA-256-sess (RFC 7616 says to ignore such a challenge).</summary>
    UnsupportedAlgorithm,

    /// <summary>A qop list offering neither auth nor auth-int.</summary>
    UnsupportedQop,
}
