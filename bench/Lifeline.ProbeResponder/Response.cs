namespace Lifeline.ProbeResponder;

/// <summary>Builds the 200 OK to an OPTIONS request by copying the headers a response must echo (RFC 3261 section 8.2.6.2).</summary>
internal static class Response
{
    /// <summary>Writes the response into <paramref name="output"/>; 0 when <paramref name="request"/> is not an OPTIONS request.</summary>
    public static int Write(ReadOnlySpan<byte> request, Span<byte> output)
    {
        if (!request.StartsWith("OPTIONS "u8))
        {
            return 0;
        }

        var written = Put(output, 0, "SIP/2.0 200 OK\r\n"u8);
        var rest = request;
        var first = rest.IndexOf("\r\n"u8);
        if (first < 0)
        {
            return 0;
        }

        rest = rest[(first + 2)..];
        while (true)
        {
            var end = rest.IndexOf("\r\n"u8);
            if (end <= 0)
            {
                break;
            }

            var line = rest[..end];
            if (Echoed(line))
            {
                written = Put(output, written, line);
                if (IsTo(line) && line.IndexOf(";tag="u8) < 0)
                {
                    written = Put(output, written, ";tag=responder"u8);
                }

                written = Put(output, written, "\r\n"u8);
            }

            rest = rest[(end + 2)..];
        }

        return Put(output, written, "Server: Lifeline.ProbeResponder\r\nContent-Length: 0\r\n\r\n"u8);
    }

    private static bool Echoed(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        var name = line[..colon].TrimEnd((byte)' ');
        return Is(name, "via"u8) || Is(name, "v"u8) || Is(name, "from"u8) || Is(name, "f"u8) || IsTo(line)
            || Is(name, "call-id"u8) || Is(name, "i"u8) || Is(name, "cseq"u8);
    }

    private static bool IsTo(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        var name = line[..colon].TrimEnd((byte)' ');
        return Is(name, "to"u8) || Is(name, "t"u8);
    }

    private static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected) => System.Text.Ascii.EqualsIgnoreCase(name, expected);

    private static int Put(Span<byte> output, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output[at..]);
        return at + bytes.Length;
    }
}
