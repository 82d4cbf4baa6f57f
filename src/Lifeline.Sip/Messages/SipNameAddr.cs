using System.Text;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Uris;

namespace Lifeline.Sip.Messages;

/// <summary>
/// A name-addr or addr-spec with header parameters: the value of From, To, Contact, Route,
/// Record-Route, Reply-To, Refer-To, P-Asserted-Identity … (RFC 3261 §20). Keeps the URI as
/// written; <see cref="TryGetUri"/> parses it on demand.
/// </summary>
public readonly struct SipNameAddr
{
    private readonly ReadOnlyMemory<byte> _value;
    private readonly int _displayStart;
    private readonly int _displayLength;
    private readonly int _uriStart;
    private readonly int _uriLength;
    private readonly int _parametersStart;
    private readonly int _tagStart;
    private readonly int _tagLength;

    private SipNameAddr(ReadOnlyMemory<byte> value, bool wildcard, bool angle, int displayStart, int displayLength, int uriStart, int uriLength, int parametersStart, bool hasTag, int tagStart, int tagLength)
    {
        _value = value;
        IsWildcard = wildcard;
        HasAngleBrackets = angle;
        _displayStart = displayStart;
        _displayLength = displayLength;
        _uriStart = uriStart;
        _uriLength = uriLength;
        _parametersStart = parametersStart;
        HasTag = hasTag;
        _tagStart = tagStart;
        _tagLength = tagLength;
    }

    /// <summary>The whole value as written.</summary>
    public SipText Value => new(_value);

    /// <summary>True for the Contact wildcard <c>*</c> (REGISTER removing all bindings).</summary>
    public bool IsWildcard { get; }

    /// <summary>True for the name-addr form (<c>&lt;uri&gt;</c>), false for a bare addr-spec.</summary>
    public bool HasAngleBrackets { get; }

    /// <summary>The display name as written: a quoted string with its quotes, or tokens; empty when none.</summary>
    public SipText RawDisplayName => new(_value.Slice(_displayStart, _displayLength));

    /// <summary>The URI exactly as written, without angle brackets.</summary>
    public SipText Uri => new(_value.Slice(_uriStart, _uriLength));

    /// <summary>True when a tag parameter is present.</summary>
    public bool HasTag { get; }

    /// <summary>The tag parameter (empty when absent).</summary>
    public SipText Tag => new(_value.Slice(_tagStart, _tagLength));

    /// <summary>Header parameters (after the URI), in order.</summary>
    public SipParameterEnumerator Parameters => new(_value[_parametersStart..]);

    /// <summary>
    /// The display name with quotes removed, quoted-pairs resolved and folding turned into SP
    /// (empty when none).
    /// </summary>
    public string GetDisplayName() => SipQuoting.Unquote(RawDisplayName.Span);

    /// <summary>Parses the URI (sip, sips, tel, or any other scheme kept opaque).</summary>
    public bool TryGetUri(out SipUri uri) => SipUri.TryParse(Uri.Span, out uri!);

    /// <summary>Finds a header parameter by name (case-insensitive).</summary>
    public bool TryGetParameter(string name, out SipText value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parameters = _value[_parametersStart..];
        if (SipParameterReader.TryFind(parameters.Span, Encoding.ASCII.GetBytes(name), out var start, out var length, out _))
        {
            value = new SipText(parameters.Slice(start, length));
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The Contact <c>expires</c> parameter, when present and a valid delta-seconds (≤ 2³²−1).</summary>
    public bool TryGetExpires(out uint seconds)
    {
        seconds = 0;
        var parameters = _value[_parametersStart..].Span;
        if (!SipParameterReader.TryFind(parameters, "expires"u8, out var start, out var length, out _)
            || !SipChars.TryParseDecimal(parameters.Slice(start, length), uint.MaxValue, out var value))
        {
            return false;
        }

        seconds = (uint)value;
        return true;
    }

    /// <summary>The Contact <c>q</c> parameter in thousandths (0 to 1000), when present and valid.</summary>
    public bool TryGetQ(out int thousandths)
    {
        thousandths = 0;
        var parameters = _value[_parametersStart..].Span;
        return SipParameterReader.TryFind(parameters, "q"u8, out var start, out var length, out _)
            && TryParseQ(parameters.Slice(start, length), out thousandths);
    }

    /// <summary>qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).</summary>
    internal static bool TryParseQ(ReadOnlySpan<byte> q, out int thousandths)
    {
        thousandths = 0;
        if (q.IsEmpty || q.Length > 5 || q[0] is not ((byte)'0' or (byte)'1'))
        {
            return false;
        }

        var whole = q[0] - '0';
        var fraction = 0;
        if (q.Length > 1)
        {
            if (q[1] != (byte)'.')
            {
                return false;
            }

            var digits = q[2..];
            for (var i = 0; i < 3; i++)
            {
                fraction *= 10;
                if (i < digits.Length)
                {
                    if (!SipChars.IsDigit(digits[i]))
                    {
                        return false;
                    }

                    fraction += digits[i] - '0';
                }
            }
        }

        if (whole == 1 && fraction != 0)
        {
            return false;
        }

        thousandths = (whole * 1000) + fraction;
        return true;
    }

    /// <summary>
    /// Parses <c>[display-name] &lt;URI&gt; *(;param)</c>, <c>addr-spec *(;param)</c>, or <c>*</c>.
    /// Strict where RFC 4475 asks for rejection: an unterminated quote, non-token characters in
    /// an unquoted display name, white space inside the angle brackets.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipNameAddr nameAddr)
    {
        nameAddr = default;
        var span = value.Span;
        var reader = new SipValueReader(span);
        reader.SkipLws();
        if (reader.AtEnd)
        {
            return false;
        }

        int displayStart = reader.Position, displayLength = 0;
        if (reader.Peek() == (byte)'*')
        {
            reader.Position++;
            var wildcardParameters = reader.Position;
            if (!SipParameterReader.IsWellFormed(span[wildcardParameters..]))
            {
                return false;
            }

            nameAddr = new SipNameAddr(value, wildcard: true, angle: false, 0, 0, 0, 0, wildcardParameters, false, 0, 0);
            return true;
        }

        bool angle;
        if (reader.Peek() == (byte)'"')
        {
            if (!reader.ReadQuotedString(out displayStart, out displayLength))
            {
                return false;
            }

            reader.SkipLws();
            angle = true;
        }
        else if (reader.Peek() == (byte)'<')
        {
            angle = true;
        }
        else
        {
            // Either an addr-spec (a scheme followed by ':') or display-name tokens before '<'.
            var tokenLength = reader.ReadToken(out _);
            if (tokenLength > 0 && reader.Peek() == (byte)':')
            {
                reader.Position = displayStart;
                angle = false;
            }
            else
            {
                reader.Position = displayStart;
                var lastTokenEnd = displayStart;
                while (true)
                {
                    var length = reader.ReadToken(out _);
                    if (length > 0)
                    {
                        lastTokenEnd = reader.Position;
                    }

                    var skipped = reader.SkipLws();
                    if (reader.Peek() == (byte)'<')
                    {
                        break;
                    }

                    if (length == 0 && skipped == 0)
                    {
                        return false;
                    }
                }

                displayLength = lastTokenEnd - displayStart;
                angle = true;
            }
        }

        int uriStart, uriLength;
        if (angle)
        {
            if (!reader.TryConsume((byte)'<'))
            {
                return false;
            }

            uriStart = reader.Position;
            var close = span[uriStart..].IndexOf((byte)'>');
            if (close <= 0)
            {
                return false;
            }

            uriLength = close;
            foreach (var b in span.Slice(uriStart, uriLength))
            {
                if (SipChars.IsLws(b) || b is (byte)'<' or (byte)'"')
                {
                    return false;
                }
            }

            reader.Position = uriStart + uriLength + 1;
        }
        else
        {
            uriStart = reader.Position;
            while (!reader.AtEnd && reader.Peek() is not ((byte)';' or (byte)',' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'<' or (byte)'>' or (byte)'"'))
            {
                reader.Position++;
            }

            uriLength = reader.Position - uriStart;
            if (uriLength == 0)
            {
                return false;
            }
        }

        var parametersStart = reader.Position;
        var parameters = span[parametersStart..];
        var p = 0;
        var hasTag = false;
        int tagStart = 0, tagLength = 0;
        while (true)
        {
            var step = SipParameterReader.Next(parameters, ref p, out var ns, out var nl, out var vs, out var vl, out _);
            if (step == SipParameterStep.End)
            {
                break;
            }

            if (step == SipParameterStep.Malformed)
            {
                return false;
            }

            if (!hasTag && System.Text.Ascii.EqualsIgnoreCase(parameters.Slice(ns, nl), "tag"u8))
            {
                hasTag = true;
                tagStart = parametersStart + vs;
                tagLength = vl;
            }
        }

        nameAddr = new SipNameAddr(value, wildcard: false, angle, displayStart, displayLength, uriStart, uriLength, parametersStart, hasTag, tagStart, tagLength);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => SipFolding.Unfold(_value.Span);
}
