using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Uris;

/// <summary>
/// A sip:, sips: or tel: URI (RFC 3261 §19.1, RFC 3966), or any other scheme kept opaque.
/// Components are unescaped; <see cref="ToString"/> writes them back, escaping what must be,
/// so that parsing the text again gives an equal URI. Immutable.
/// </summary>
public sealed class SipUri : IEquatable<SipUri>
{
    private readonly SipUriParameter[] _parameters;
    private readonly SipUriHeader[] _headers;
    private string? _text;

    private SipUri(SipUriScheme scheme, string schemeName, string? user, string? password, string host, SipHostKind hostKind, int? port, SipUriParameter[] parameters, SipUriHeader[] headers, string? opaque)
    {
        Scheme = scheme;
        SchemeName = schemeName;
        User = user;
        Password = password;
        Host = host;
        HostKind = hostKind;
        Port = port;
        _parameters = parameters;
        _headers = headers;
        OpaquePart = opaque;
    }

    /// <summary>The scheme.</summary>
    public SipUriScheme Scheme { get; }

    /// <summary>The scheme name: <c>sip</c>, <c>sips</c>, <c>tel</c> (lower case), or another scheme as written.</summary>
    public string SchemeName { get; }

    /// <summary>The user part, unescaped (for tel: the telephone number as written); null when absent.</summary>
    public string? User { get; }

    /// <summary>The password, unescaped; null when absent.</summary>
    public string? Password { get; }

    /// <summary>The host as written (an IPv6 reference keeps its brackets); empty for tel: and other schemes.</summary>
    public string Host { get; }

    /// <summary>What kind of host <see cref="Host"/> is.</summary>
    public SipHostKind HostKind { get; }

    /// <summary>The port, or null when absent.</summary>
    public int? Port { get; }

    /// <summary>For schemes other than sip, sips and tel: everything after the colon.</summary>
    public string? OpaquePart { get; }

    /// <summary>URI parameters in order, unescaped.</summary>
    public IReadOnlyList<SipUriParameter> Parameters => _parameters;

    /// <summary>URI headers (<c>?a=b&amp;c=d</c>) in order, unescaped.</summary>
    public IReadOnlyList<SipUriHeader> Headers => _headers;

    /// <summary>True for sip: and sips:.</summary>
    public bool IsSip => Scheme is SipUriScheme.Sip or SipUriScheme.Sips;

    /// <summary>The <c>transport</c> parameter, or null.</summary>
    public string? Transport => GetParameter("transport");

    /// <summary>The <c>maddr</c> parameter, or null.</summary>
    public string? Maddr => GetParameter("maddr");

    /// <summary>The <c>user</c> parameter (<c>phone</c>, <c>ip</c>), or null.</summary>
    public string? UserParameter => GetParameter("user");

    /// <summary>The <c>method</c> parameter, or null.</summary>
    public string? Method => GetParameter("method");

    /// <summary>The <c>ttl</c> parameter when it is a number in 0..255, or null.</summary>
    public int? Ttl => int.TryParse(GetParameter("ttl"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ttl) && ttl <= 255 ? ttl : null;

    /// <summary>True when the <c>lr</c> (loose routing) parameter is present.</summary>
    public bool IsLooseRouting => HasParameter("lr");

    /// <summary>The host without IPv6 brackets, for address resolution.</summary>
    public string HostWithoutBrackets => HostKind == SipHostKind.IPv6 ? Host[1..^1] : Host;

    /// <summary>True when a parameter of that name (case-insensitive) is present.</summary>
    public bool HasParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var p in _parameters)
        {
            if (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A parameter's value; empty for a parameter without value; null when absent.</summary>
    public string? GetParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var p in _parameters)
        {
            if (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value ?? string.Empty;
            }
        }

        return null;
    }

    /// <summary>Creates a sip: or sips: URI. Throws on a malformed host or port (a programming error).</summary>
    public static SipUri Create(SipUriScheme scheme, string? user, string host, int? port = null, IEnumerable<SipUriParameter>? parameters = null, IEnumerable<SipUriHeader>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (scheme is not (SipUriScheme.Sip or SipUriScheme.Sips))
        {
            throw new ArgumentException("Create builds sip: and sips: URIs; parse tel: and others with TryParse.", nameof(scheme));
        }

        if (host.Contains(':') && !host.StartsWith('['))
        {
            host = $"[{host}]";
        }

        if (!SipHost.TryClassify(Encoding.ASCII.GetBytes(host), out var kind))
        {
            throw new ArgumentException($"'{host}' is not a host name, IPv4 address or IPv6 reference.", nameof(host));
        }

        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port));
        }

        return new SipUri(scheme, scheme == SipUriScheme.Sip ? "sip" : "sips", user, null, host, kind, port, parameters?.ToArray() ?? [], headers?.ToArray() ?? [], null);
    }

    /// <summary>A copy with a parameter added or replaced (value null for a flag such as <c>lr</c>).</summary>
    public SipUri WithParameter(string name, string? value = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var list = new List<SipUriParameter>(_parameters.Length + 1);
        var replaced = false;
        foreach (var p in _parameters)
        {
            if (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                if (!replaced)
                {
                    list.Add(new SipUriParameter(name, value));
                    replaced = true;
                }
            }
            else
            {
                list.Add(p);
            }
        }

        if (!replaced)
        {
            list.Add(new SipUriParameter(name, value));
        }

        return new SipUri(Scheme, SchemeName, User, Password, Host, HostKind, Port, [.. list], _headers, OpaquePart);
    }

    /// <summary>A copy without the named parameter.</summary>
    public SipUri WithoutParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new SipUri(Scheme, SchemeName, User, Password, Host, HostKind, Port, [.. _parameters.Where(p => !p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))], _headers, OpaquePart);
    }

    /// <summary>A copy without URI headers (as a Request-URI must be, RFC 3261 §19.1.1).</summary>
    public SipUri WithoutHeaders() => _headers.Length == 0 ? this : new SipUri(Scheme, SchemeName, User, Password, Host, HostKind, Port, _parameters, [], OpaquePart);

    /// <summary>Parses a URI from text.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SipUri? uri)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(Encoding.UTF8.GetBytes(text), out uri);
    }

    /// <summary>
    /// Parses a URI from bytes. sip/sips: <c>scheme:[user[:password]@]host[:port]*(;param)[?headers]</c>
    /// with %HH escapes checked and resolved; tel: <c>tel:number*(;param)</c>; other schemes:
    /// any non-empty text without white space, quotes or angle brackets.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, [NotNullWhen(true)] out SipUri? uri)
    {
        uri = null;
        var colon = text.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        var scheme = text[..colon];
        if (!SipChars.IsAlpha(scheme[0]))
        {
            return false;
        }

        foreach (var b in scheme)
        {
            if (!SipChars.IsAlpha(b) && !SipChars.IsDigit(b) && b is not ((byte)'+' or (byte)'-' or (byte)'.'))
            {
                return false;
            }
        }

        var rest = text[(colon + 1)..];
        if (Ascii.EqualsIgnoreCase(scheme, "sip"u8))
        {
            return TryParseSip(SipUriScheme.Sip, "sip", rest, out uri);
        }

        if (Ascii.EqualsIgnoreCase(scheme, "sips"u8))
        {
            return TryParseSip(SipUriScheme.Sips, "sips", rest, out uri);
        }

        if (Ascii.EqualsIgnoreCase(scheme, "tel"u8))
        {
            return TryParseTel(rest, out uri);
        }

        if (rest.IsEmpty)
        {
            return false;
        }

        foreach (var b in rest)
        {
            if (b <= 0x20 || b is (byte)'<' or (byte)'>' or (byte)'"' or 0x7F)
            {
                return false;
            }
        }

        uri = new SipUri(SipUriScheme.Other, Encoding.UTF8.GetString(scheme), null, null, string.Empty, SipHostKind.None, null, [], [], Encoding.UTF8.GetString(rest));
        return true;
    }

    private static bool TryParseSip(SipUriScheme scheme, string schemeName, ReadOnlySpan<byte> rest, out SipUri? uri)
    {
        uri = null;
        string? user = null;
        string? password = null;
        var at = rest.IndexOf((byte)'@');
        var position = 0;
        if (at >= 0)
        {
            var userInfo = rest[..at];
            var passwordColon = userInfo.IndexOf((byte)':');
            var userPart = passwordColon >= 0 ? userInfo[..passwordColon] : userInfo;
            if (userPart.IsEmpty || !SipUriEscaping.IsValid(userPart, SipUriEscaping.Component.User) || !SipUriEscaping.TryUnescape(userPart, out user))
            {
                return false;
            }

            if (passwordColon >= 0)
            {
                var passwordPart = userInfo[(passwordColon + 1)..];
                if (!SipUriEscaping.IsValid(passwordPart, SipUriEscaping.Component.Password) || !SipUriEscaping.TryUnescape(passwordPart, out password))
                {
                    return false;
                }
            }

            position = at + 1;
        }

        if (!SipHost.TryRead(rest, ref position, out var hostStart, out var hostLength, out var hostKind))
        {
            return false;
        }

        int? port = null;
        if (position < rest.Length && rest[position] == (byte)':')
        {
            position++;
            var digitsStart = position;
            while (position < rest.Length && SipChars.IsDigit(rest[position]))
            {
                position++;
            }

            if (!SipHost.TryParsePort(rest[digitsStart..position], out var value))
            {
                return false;
            }

            port = value;
        }

        if (!TryParseParameters(rest, ref position, out var parameters))
        {
            return false;
        }

        var headers = Array.Empty<SipUriHeader>();
        if (position < rest.Length)
        {
            if (rest[position] != (byte)'?' || !TryParseHeaders(rest[(position + 1)..], out headers))
            {
                return false;
            }
        }

        uri = new SipUri(scheme, schemeName, user, password, Encoding.ASCII.GetString(rest.Slice(hostStart, hostLength)), hostKind, port, parameters, headers, null);
        return true;
    }

    private static bool TryParseTel(ReadOnlySpan<byte> rest, out SipUri? uri)
    {
        uri = null;
        var end = rest.IndexOf((byte)';');
        var number = end < 0 ? rest : rest[..end];
        if (number.IsEmpty)
        {
            return false;
        }

        foreach (var b in number)
        {
            if (!SipChars.IsHexDigit(b) && b is not ((byte)'+' or (byte)'-' or (byte)'.' or (byte)'(' or (byte)')' or (byte)'*' or (byte)'#'))
            {
                return false;
            }
        }

        var position = number.Length;
        if (!TryParseParameters(rest, ref position, out var parameters) || position != rest.Length)
        {
            return false;
        }

        uri = new SipUri(SipUriScheme.Tel, "tel", Encoding.ASCII.GetString(number), null, string.Empty, SipHostKind.None, null, parameters, [], null);
        return true;
    }

    private static bool TryParseParameters(ReadOnlySpan<byte> rest, ref int position, out SipUriParameter[] parameters)
    {
        parameters = [];
        List<SipUriParameter>? list = null;
        while (position < rest.Length && rest[position] == (byte)';')
        {
            position++;
            var nameStart = position;
            while (position < rest.Length && rest[position] is not ((byte)';' or (byte)'=' or (byte)'?'))
            {
                position++;
            }

            var name = rest[nameStart..position];
            if (name.IsEmpty || !SipUriEscaping.IsValid(name, SipUriEscaping.Component.Parameter) || !SipUriEscaping.TryUnescape(name, out var nameText))
            {
                return false;
            }

            string? valueText = null;
            if (position < rest.Length && rest[position] == (byte)'=')
            {
                position++;
                var valueStart = position;
                while (position < rest.Length && rest[position] is not ((byte)';' or (byte)'?'))
                {
                    position++;
                }

                var value = rest[valueStart..position];
                if (value.IsEmpty || !SipUriEscaping.IsValid(value, SipUriEscaping.Component.Parameter) || !SipUriEscaping.TryUnescape(value, out valueText))
                {
                    return false;
                }
            }

            (list ??= []).Add(new SipUriParameter(nameText, valueText));
        }

        if (list is not null)
        {
            parameters = [.. list];
        }

        return true;
    }

    private static bool TryParseHeaders(ReadOnlySpan<byte> text, out SipUriHeader[] headers)
    {
        headers = [];
        var list = new List<SipUriHeader>();
        while (true)
        {
            var amp = text.IndexOf((byte)'&');
            var pair = amp < 0 ? text : text[..amp];
            var eq = pair.IndexOf((byte)'=');
            if (eq <= 0)
            {
                return false;
            }

            var name = pair[..eq];
            var value = pair[(eq + 1)..];
            if (!SipUriEscaping.IsValid(name, SipUriEscaping.Component.Header) || !SipUriEscaping.IsValid(value, SipUriEscaping.Component.Header)
                || !SipUriEscaping.TryUnescape(name, out var nameText) || !SipUriEscaping.TryUnescape(value, out var valueText))
            {
                return false;
            }

            list.Add(new SipUriHeader(nameText, valueText));
            if (amp < 0)
            {
                break;
            }

            text = text[(amp + 1)..];
        }

        headers = [.. list];
        return true;
    }

    /// <summary>
    /// RFC 3261 §19.1.4 equivalence: same scheme; user and password equal case-sensitively
    /// after unescaping; host equal case-insensitively; the same port or both absent; URI
    /// parameters present in both equal, and user/ttl/method/maddr present in both or neither;
    /// the same headers.
    /// </summary>
    public bool IsEquivalentTo(SipUri? other)
    {
        if (other is null || Scheme != other.Scheme)
        {
            return false;
        }

        if (Scheme == SipUriScheme.Other)
        {
            return SchemeName.Equals(other.SchemeName, StringComparison.OrdinalIgnoreCase) && string.Equals(OpaquePart, other.OpaquePart, StringComparison.Ordinal);
        }

        if (!string.Equals(User, other.User, StringComparison.Ordinal) || !string.Equals(Password, other.Password, StringComparison.Ordinal) || Port != other.Port)
        {
            return false;
        }

        if (!HostEquals(other))
        {
            return false;
        }

        foreach (var p in _parameters)
        {
            var otherValue = other.GetParameter(p.Name);
            if (otherValue is null)
            {
                if (IsComparedWhenAlone(p.Name))
                {
                    return false;
                }

                continue;
            }

            if (!string.Equals(p.Value ?? string.Empty, otherValue, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        foreach (var p in other._parameters)
        {
            if (IsComparedWhenAlone(p.Name) && !HasParameter(p.Name))
            {
                return false;
            }
        }

        if (_headers.Length != other._headers.Length)
        {
            return false;
        }

        foreach (var h in _headers)
        {
            var found = false;
            foreach (var o in other._headers)
            {
                if (o.Name.Equals(h.Name, StringComparison.OrdinalIgnoreCase) && o.Value.Equals(h.Value, StringComparison.OrdinalIgnoreCase))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsComparedWhenAlone(string name)
        => name.Equals("user", StringComparison.OrdinalIgnoreCase) || name.Equals("ttl", StringComparison.OrdinalIgnoreCase)
        || name.Equals("method", StringComparison.OrdinalIgnoreCase) || name.Equals("maddr", StringComparison.OrdinalIgnoreCase);

    private bool HostEquals(SipUri other)
    {
        if (HostKind == SipHostKind.IPv6 && other.HostKind == SipHostKind.IPv6
            && IPAddress.TryParse(HostWithoutBrackets.Replace(":::", "::", StringComparison.Ordinal), out var a)
            && IPAddress.TryParse(other.HostWithoutBrackets.Replace(":::", "::", StringComparison.Ordinal), out var b))
        {
            return a.Equals(b);
        }

        return Host.Equals(other.Host, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Structural equality: the same text after normalised escaping.</summary>
    public bool Equals(SipUri? other) => other is not null && ToString().Equals(other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SipUri other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>The URI as text, with components escaped where RFC 3261 requires.</summary>
    public override string ToString() => _text ??= Format();

    private string Format()
    {
        var builder = new StringBuilder(64);
        builder.Append(SchemeName).Append(':');
        if (Scheme == SipUriScheme.Other)
        {
            return builder.Append(OpaquePart).ToString();
        }

        if (Scheme == SipUriScheme.Tel)
        {
            builder.Append(User);
        }
        else
        {
            if (User is not null)
            {
                builder.Append(SipUriEscaping.EscapeUser(User));
                if (Password is not null)
                {
                    builder.Append(':').Append(SipUriEscaping.EscapePassword(Password));
                }

                builder.Append('@');
            }

            builder.Append(Host);
            if (Port is int port)
            {
                builder.Append(':').Append(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        foreach (var p in _parameters)
        {
            builder.Append(';').Append(SipUriEscaping.EscapeParameter(p.Name));
            if (p.Value is not null)
            {
                builder.Append('=').Append(SipUriEscaping.EscapeParameter(p.Value));
            }
        }

        for (var i = 0; i < _headers.Length; i++)
        {
            builder.Append(i == 0 ? '?' : '&').Append(SipUriEscaping.EscapeHeader(_headers[i].Name)).Append('=').Append(SipUriEscaping.EscapeHeader(_headers[i].Value));
        }

        return builder.ToString();
    }

    public static bool operator ==(SipUri? left, SipUri? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(SipUri? left, SipUri? right) => !(left == right);
}
