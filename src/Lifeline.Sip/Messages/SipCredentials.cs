using System.Text;
using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Messages;

/// <summary>
/// An Authorization or Proxy-Authorization value (RFC 3261 §20.7, §20.28): the scheme and its
/// parameters. Unknown schemes parse too (RFC 4475 §3.3.7); quoted values are returned unquoted.
/// </summary>
public readonly struct SipCredentials
{
    private readonly ReadOnlyMemory<byte> _value;
    private readonly int _schemeStart;
    private readonly int _schemeLength;
    private readonly int _parametersStart;

    private SipCredentials(ReadOnlyMemory<byte> value, int schemeStart, int schemeLength, int parametersStart)
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

    public string? Username => GetParameter("username");

    public string? Realm => GetParameter("realm");

    public string? Nonce => GetParameter("nonce");

    public string? Uri => GetParameter("uri");

    public string? Response => GetParameter("response");

    public string? Algorithm => GetParameter("algorithm");

    public string? CNonce => GetParameter("cnonce");

    public string? Opaque => GetParameter("opaque");

    public string? Qop => GetParameter("qop");

    /// <summary>The nonce count (<c>nc</c>) as written, e.g. <c>00000001</c>.</summary>
    public string? NonceCount => GetParameter("nc");

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
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipCredentials credentials)
    {
        credentials = default;
        var span = value.Span;
        if (!SipAuthReader.TryReadScheme(span, out var schemeStart, out var schemeLength, out var parametersStart)
            || !SipAuthReader.IsWellFormed(span[parametersStart..]))
        {
            return false;
        }

        credentials = new SipCredentials(value, schemeStart, schemeLength, parametersStart);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => SipFolding.Unfold(_value.Span);
}
