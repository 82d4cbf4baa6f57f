using System.Text;
using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Messages;

/// <summary>
/// A WWW-Authenticate or Proxy-Authenticate value (RFC 3261 §20.27, §20.44; RFC 2617): the
/// scheme and its parameters. Quoted values are returned unquoted.
/// </summary>
public readonly struct SipChallenge
{
    private readonly ReadOnlyMemory<byte> _value;
    private readonly int _schemeStart;
    private readonly int _schemeLength;
    private readonly int _parametersStart;

    private SipChallenge(ReadOnlyMemory<byte> value, int schemeStart, int schemeLength, int parametersStart)
    {
        _value = value;
        _schemeStart = schemeStart;
        _schemeLength = schemeLength;
        _parametersStart = parametersStart;
    }

    /// <summary>The scheme as written, e.g. <c>Digest</c>.</summary>
    public SipText Scheme => new(_value.Slice(_schemeStart, _schemeLength));

    /// <summary>True for the Digest scheme (case-insensitive).</summary>
    public bool IsDigest => Scheme.EqualsIgnoreCase("Digest"u8);

    /// <summary>The realm, or null.</summary>
    public string? Realm => GetParameter("realm");

    /// <summary>The nonce, or null.</summary>
    public string? Nonce => GetParameter("nonce");

    /// <summary>The opaque value, or null.</summary>
    public string? Opaque => GetParameter("opaque");

    /// <summary>The algorithm (e.g. <c>MD5</c>, <c>SHA-256</c>), or null (meaning MD5).</summary>
    public string? Algorithm => GetParameter("algorithm");

    /// <summary>The domain list, or null.</summary>
    public string? Domain => GetParameter("domain");

    /// <summary>The raw qop-options list, e.g. <c>auth,auth-int</c>, or null.</summary>
    public string? Qop => GetParameter("qop");

    /// <summary>True when <c>stale=true</c> (case-insensitive): retry with the new nonce without asking the user.</summary>
    public bool Stale => GetParameter("stale") is { } stale && stale.Equals("true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The qop options as a list (<c>auth</c>, <c>auth-int</c>); empty when none.</summary>
    public IReadOnlyList<string> QopOptions
    {
        get
        {
            var qop = Qop;
            return qop is null ? [] : qop.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }

    /// <summary>All parameters in order.</summary>
    public SipAuthParameterEnumerator Parameters => new(_value[_parametersStart..]);

    /// <summary>A parameter value, unquoted, or null when absent.</summary>
    public string? GetParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parameters = _value[_parametersStart..].Span;
        return SipAuthReader.TryFind(parameters, Encoding.ASCII.GetBytes(name), out var start, out var length)
            ? SipQuoting.Unquote(parameters.Slice(start, length))
            : null;
    }

    /// <summary>Parses <c>scheme LWS name=value *(, name=value)</c>.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipChallenge challenge)
    {
        challenge = default;
        var span = value.Span;
        if (!SipAuthReader.TryReadScheme(span, out var schemeStart, out var schemeLength, out var parametersStart)
            || !SipAuthReader.IsWellFormed(span[parametersStart..]))
        {
            return false;
        }

        challenge = new SipChallenge(value, schemeStart, schemeLength, parametersStart);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => SipFolding.Unfold(_value.Span);
}
