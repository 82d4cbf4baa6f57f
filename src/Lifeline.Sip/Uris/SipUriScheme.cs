namespace Lifeline.Sip.Uris;

/// <summary>URI schemes the library understands; anything else is kept opaque.</summary>
public enum SipUriScheme : byte
{
    /// <summary><c>sip:</c></summary>
    Sip = 0,

    /// <summary><c>sips:</c></summary>
    Sips,

    /// <summary><c>tel:</c> (RFC 3966)</summary>
    Tel,

    /// <summary>Any other scheme (<c>http:</c>, <c>urn:</c>, …); its content is in <see cref="SipUri.OpaquePart"/>.</summary>
    Other,
}
