using System.Text;

namespace Lifeline.Sip.Parsing;

/// <summary>Quoted-string helpers (RFC 3261 §25.1).</summary>
public static class SipQuoting
{
    /// <summary>
    /// Returns the content of a quoted string with quoted-pairs resolved (<c>\"</c> becomes
    /// <c>"</c>) and line folding turned into a single SP; a value without quotes is returned
    /// as written. Decoded as UTF-8.
    /// </summary>
    public static string Unquote(ReadOnlySpan<byte> value)
    {
        if (value.Length < 2 || value[0] != (byte)'"' || value[^1] != (byte)'"')
        {
            return Messages.SipFolding.Unfold(value);
        }

        var inner = value[1..^1];
        if (inner.IndexOfAny((byte)'\\', (byte)'\r', (byte)'\n') < 0)
        {
            return Encoding.UTF8.GetString(inner);
        }

        var buffer = inner.Length <= 512 ? stackalloc byte[512] : new byte[inner.Length];
        var count = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            var b = inner[i];
            if (b == (byte)'\\' && i + 1 < inner.Length)
            {
                buffer[count++] = inner[++i];
            }
            else if (b is (byte)'\r' or (byte)'\n')
            {
                while (count > 0 && buffer[count - 1] is (byte)' ' or (byte)'\t')
                {
                    count--;
                }

                while (i + 1 < inner.Length && inner[i + 1] is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t')
                {
                    i++;
                }

                buffer[count++] = (byte)' ';
            }
            else
            {
                buffer[count++] = b;
            }
        }

        return Encoding.UTF8.GetString(buffer[..count]);
    }

    /// <summary>Quotes a string for use as a quoted-string, escaping <c>"</c> and <c>\</c>.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            if (c is '\r' or '\n')
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }
}
