namespace Lifeline.Sip.Parsing;

/// <summary>Splits comma-separated header values, respecting quoted strings and &lt;URIs&gt;.</summary>
internal static class SipList
{
    /// <summary>
    /// Returns the index of the comma that ends the element starting at <paramref name="start"/>,
    /// or <c>s.Length</c> when the element runs to the end. Commas inside a quoted string or
    /// between angle brackets do not separate.
    /// </summary>
    public static int FindElementEnd(ReadOnlySpan<byte> s, int start)
    {
        var inQuotes = false;
        var inAngle = false;
        for (var i = start; i < s.Length; i++)
        {
            var b = s[i];
            if (inQuotes)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inQuotes = false;
                }
            }
            else if (b == (byte)'"')
            {
                inQuotes = true;
            }
            else if (b == (byte)'<')
            {
                inAngle = true;
            }
            else if (b == (byte)'>')
            {
                inAngle = false;
            }
            else if (b == (byte)',' && !inAngle)
            {
                return i;
            }
        }

        return s.Length;
    }

    /// <summary>
    /// Reads the next element of a list value. Returns false at the end. The element is
    /// trimmed of LWS and may be empty (for <c>a,,b</c>).
    /// </summary>
    public static bool Next(ReadOnlySpan<byte> s, ref int position, out int start, out int length)
    {
        if (position > s.Length)
        {
            start = 0;
            length = 0;
            return false;
        }

        var end = FindElementEnd(s, position);
        (start, length) = SipChars.TrimLws(s, position, end - position);
        position = end + 1;
        return true;
    }
}
