using System.Text;
using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Uris;

/// <summary>
/// The <c>%HH</c> escaping of SIP URIs (RFC 3261 §19.1.2). Unescaping happens once: <c>%2541</c>
/// becomes <c>%41</c>, not <c>A</c> (RFC 4475 §3.1.1.3).
/// </summary>
public static class SipUriEscaping
{
    /// <summary>Which characters a URI component may carry unescaped.</summary>
    internal enum Component
    {
        User,
        Password,
        Parameter,
        Header,
    }

    /// <summary>
    /// Unescapes <c>%HH</c> sequences and decodes the bytes as UTF-8. Returns false when a
    /// <c>%</c> is not followed by two hex digits.
    /// </summary>
    public static bool TryUnescape(ReadOnlySpan<byte> escaped, out string value)
    {
        if (escaped.IndexOf((byte)'%') < 0)
        {
            value = Encoding.UTF8.GetString(escaped);
            return true;
        }

        var buffer = escaped.Length <= 256 ? stackalloc byte[256] : new byte[escaped.Length];
        var count = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            var b = escaped[i];
            if (b == (byte)'%')
            {
                if (i + 2 >= escaped.Length)
                {
                    value = string.Empty;
                    return false;
                }

                if (!SipChars.IsHexDigit(escaped[i + 1]) || !SipChars.IsHexDigit(escaped[i + 2]))
                {
                    value = string.Empty;
                    return false;
                }

                buffer[count++] = (byte)((SipChars.HexValue(escaped[i + 1]) << 4) | SipChars.HexValue(escaped[i + 2]));
                i += 2;
            }
            else
            {
                buffer[count++] = b;
            }
        }

        value = Encoding.UTF8.GetString(buffer[..count]);
        return true;
    }

    /// <summary>Unescapes, leaving malformed escapes as written.</summary>
    public static string Unescape(ReadOnlySpan<byte> escaped) => TryUnescape(escaped, out var value) ? value : Encoding.UTF8.GetString(escaped);

    /// <summary>Escapes a user part: everything but unreserved and user-unreserved characters.</summary>
    public static string EscapeUser(string user) => Escape(user, Component.User);

    /// <summary>Escapes a password.</summary>
    public static string EscapePassword(string password) => Escape(password, Component.Password);

    /// <summary>Escapes a URI parameter name or value.</summary>
    public static string EscapeParameter(string value) => Escape(value, Component.Parameter);

    /// <summary>Escapes a URI header name or value.</summary>
    public static string EscapeHeader(string value) => Escape(value, Component.Header);

    internal static string Escape(string value, Component component)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length + 8);
        foreach (var b in bytes)
        {
            if (b != (byte)'%' && IsAllowed(b, component))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
            }
        }

        return builder.ToString();
    }

    internal static bool IsAllowed(byte b, Component component) => component switch
    {
        Component.User => SipChars.IsUserChar(b),
        Component.Password => SipChars.IsPasswordChar(b),
        Component.Parameter => SipChars.IsParamChar(b),
        _ => SipChars.IsHeaderChar(b),
    };

    /// <summary>True when every byte is allowed in the component or is a well-formed <c>%HH</c>.</summary>
    internal static bool IsValid(ReadOnlySpan<byte> text, Component component)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (b == (byte)'%')
            {
                if (i + 2 >= text.Length || !SipChars.IsHexDigit(text[i + 1]) || !SipChars.IsHexDigit(text[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (!IsAllowed(b, component))
            {
                return false;
            }
        }

        return true;
    }
}
