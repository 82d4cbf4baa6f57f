namespace Lifeline.Sip.Auth;

/// <summary>The digest algorithms this client answers (RFC 2617, RFC 7616).</summary>
public enum DigestAlgorithm
{
    /// <summary>"MD5", the default when a challenge names none.</summary>
    Md5,

    /// <summary>"MD5-sess": the password hash is bound to the nonce and cnonce.</summary>
    Md5Sess,

    /// <summary>"SHA-256".</summary>
    Sha256,

    /// <summary>"SHA-256-sess".</summary>
    Sha256Sess,
}
