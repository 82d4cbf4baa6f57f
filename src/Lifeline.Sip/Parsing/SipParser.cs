using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Parsing;

/// <summary>
/// Parses SIP messages from bytes in one pass that indexes the start line and every header
/// line (name range, value range, known-header id) and frames the body by Content-Length.
/// Header values are not parsed here; <see cref="SipMessage"/>'s typed accessors parse them
/// when read. Malformed input never throws: the result carries a <see cref="SipParseError"/>.
/// </summary>
/// <remarks>
/// Accepted beyond the strict grammar, as real peers send it: bare LF line endings, CR LFs
/// before the start line (keepalives), any amount of white space around header colons, and
/// folded (continuation) lines anywhere in a header value. Rejected at this stage: a start
/// line that is not exactly <c>Method SP Request-URI SP SIP/x.y</c> or
/// <c>SIP/x.y SP 3DIGIT SP Reason</c>, header names that are not tokens, lines without a colon,
/// a malformed or conflicting Content-Length, and bodies shorter than Content-Length. Everything
/// else (unknown headers, odd values) is kept; <see cref="SipMessageValidator"/> checks the rest.
/// Instances are immutable and thread-safe.
/// </remarks>
public sealed class SipParser
{
    /// <summary>Creates a parser with the given limits.</summary>
    public SipParser(SipParserOptions? options = null)
    {
        Options = options ?? SipParserOptions.Default;
        if (Options.MaxMessageSize <= 0 || Options.MaxHeaderCount <= 0)
        {
            throw new ArgumentException("MaxMessageSize and MaxHeaderCount must be positive.", nameof(options));
        }
    }

    /// <summary>A parser with <see cref="SipParserOptions.Default"/>.</summary>
    public static SipParser Default { get; } = new();

    /// <summary>The limits this parser enforces.</summary>
    public SipParserOptions Options { get; }

    /// <summary>
    /// Parses one datagram: without Content-Length the body is the rest of the datagram; with
    /// it, octets after the body are ignored (RFC 3261 §18.3).
    /// </summary>
    public SipParseResult ParseDatagram(ReadOnlyMemory<byte> datagram) => Parse(datagram, SipFraming.Datagram);

    /// <summary>
    /// Parses a message that starts at the beginning of <paramref name="buffer"/>. The message
    /// keeps a reference to the buffer (no copy).
    /// </summary>
    public SipParseResult Parse(ReadOnlyMemory<byte> buffer, SipFraming framing = SipFraming.Datagram)
    {
        var message = new SipMessage(buffer);
        var error = Scan(buffer.Span, framing, message, out _);
        return error.IsError ? SipParseResult.Fail(error) : SipParseResult.Ok(message);
    }

    /// <summary>Parses a copy of <paramref name="bytes"/> (one extra allocation for the copy).</summary>
    public SipParseResult Parse(ReadOnlySpan<byte> bytes, SipFraming framing = SipFraming.Datagram) => Parse(bytes.ToArray().AsMemory(), framing);

    /// <summary>
    /// Frames the start of a stream buffer (RFC 3261 §18.3): says whether it holds a complete
    /// message and how long it is, whether more bytes are needed, whether it starts with a
    /// CR LF keepalive, or whether the stream is broken. Does not allocate.
    /// </summary>
    public SipFrameResult Frame(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return new SipFrameResult(SipFrameStatus.NeedMoreData, 0);
        }

        if (buffer[0] is (byte)'\r' or (byte)'\n')
        {
            return FrameKeepAlive(buffer);
        }

        var error = Scan(buffer, SipFraming.Stream, null, out var needed);
        if (!error.IsError)
        {
            return new SipFrameResult(SipFrameStatus.Message, needed);
        }

        return error.Code switch
        {
            SipErrorCode.IncompleteHeaders => new SipFrameResult(SipFrameStatus.NeedMoreData, 0),
            SipErrorCode.BodyTruncated when needed > 0 => new SipFrameResult(SipFrameStatus.NeedMoreData, needed),
            _ => new SipFrameResult(SipFrameStatus.Error, 0, error),
        };
    }

    private static SipFrameResult FrameKeepAlive(ReadOnlySpan<byte> buffer)
    {
        // RFC 5626 §3.5.1: a ping is CRLF CRLF, a pong is CRLF.
        if (buffer.StartsWith("\r\n\r\n"u8))
        {
            return new SipFrameResult(SipFrameStatus.KeepAlivePing, 4);
        }

        if (buffer.StartsWith("\r\n"u8))
        {
            if (buffer.Length == 2 || buffer[2] != (byte)'\r')
            {
                return new SipFrameResult(SipFrameStatus.KeepAlivePong, 2);
            }

            return new SipFrameResult(SipFrameStatus.NeedMoreData, 0);
        }

        if (buffer.Length == 1 && buffer[0] == (byte)'\r')
        {
            return new SipFrameResult(SipFrameStatus.NeedMoreData, 0);
        }

        // A bare LF (or CR not followed by LF) between messages: skip it as a pong would be.
        return new SipFrameResult(SipFrameStatus.KeepAlivePong, 1);
    }

    /// <summary>
    /// The single pass. Indexes into <paramref name="message"/> when it is not null; only frames
    /// otherwise. <paramref name="length"/> is the message end offset (or, for a truncated
    /// body on a stream, the total length needed).
    /// </summary>
    private SipParseError Scan(ReadOnlySpan<byte> buffer, SipFraming framing, SipMessage? message, out int length)
    {
        length = 0;
        var maxSize = Options.MaxMessageSize;

        var start = 0;
        while (start < buffer.Length && buffer[start] is (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start == buffer.Length)
        {
            return new SipParseError(SipErrorCode.Empty, SipMessagePart.Message, 0);
        }

        // The header section must end within the size limit.
        var limit = (int)Math.Min(buffer.Length, (long)start + maxSize);
        var scan = buffer[..limit];

        var lf = scan[start..].IndexOf((byte)'\n');
        if (lf < 0)
        {
            return Incomplete(buffer, limit, start);
        }

        lf += start;
        var lineContentEnd = lf > start && scan[lf - 1] == (byte)'\r' ? lf - 1 : lf;
        var startLineError = ParseStartLine(scan[start..lineContentEnd], start, message);
        if (startLineError.IsError)
        {
            return startLineError;
        }

        if (message is not null)
        {
            message.Start = start;
            message.StartLineContentEnd = lineContentEnd;
            message.HeadersStart = lf + 1;
        }

        var position = lf + 1;
        var contentLength = -1;
        var headerCount = 0;
        var maxHeaders = Options.MaxHeaderCount;
        int bodyStart;
        while (true)
        {
            if (position >= limit)
            {
                // A datagram may end after its last header line without the empty line.
                if (framing == SipFraming.Datagram && position == buffer.Length)
                {
                    message?.SetHeadersEnd(position);
                    bodyStart = position;
                    break;
                }

                return Incomplete(buffer, limit, position);
            }

            var first = scan[position];
            if (first == (byte)'\n')
            {
                message?.SetHeadersEnd(position);
                bodyStart = position + 1;
                break;
            }

            if (first == (byte)'\r')
            {
                if (position + 1 >= limit)
                {
                    return Incomplete(buffer, limit, position);
                }

                if (scan[position + 1] != (byte)'\n')
                {
                    return new SipParseError(SipErrorCode.InvalidLineEnding, SipMessagePart.HeaderName, position);
                }

                message?.SetHeadersEnd(position);
                bodyStart = position + 2;
                break;
            }

            if (first is (byte)' ' or (byte)'\t')
            {
                return new SipParseError(SipErrorCode.UnexpectedContinuation, SipMessagePart.HeaderName, position);
            }

            // Find the LF that ends this header, following continuation lines (LF then SP/HT).
            var lineStart = position;
            var lastLf = position;
            while (true)
            {
                var next = scan[lastLf..].IndexOf((byte)'\n');
                if (next < 0)
                {
                    return Incomplete(buffer, limit, lineStart);
                }

                lastLf += next;
                if (lastLf + 1 == buffer.Length && framing == SipFraming.Datagram)
                {
                    break;
                }

                if (lastLf + 1 >= limit)
                {
                    // Cannot tell yet whether a continuation line follows.
                    return Incomplete(buffer, limit, lineStart);
                }

                var after = scan[lastLf + 1];
                if (after is (byte)' ' or (byte)'\t')
                {
                    lastLf++;
                    continue;
                }

                break;
            }

            var contentEnd = scan[lastLf - 1] == (byte)'\r' ? lastLf - 1 : lastLf;
            var line = scan[lineStart..contentEnd];
            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                return new SipParseError(SipErrorCode.MissingColon, SipMessagePart.HeaderName, lineStart);
            }

            var nameLength = colon;
            while (nameLength > 0 && line[nameLength - 1] is (byte)' ' or (byte)'\t')
            {
                nameLength--;
            }

            var name = line[..nameLength];
            if (!SipChars.IsAllToken(name))
            {
                return new SipParseError(SipErrorCode.InvalidHeaderName, SipMessagePart.HeaderName, lineStart);
            }

            // A CR inside the line must belong to a fold (CR LF SP).
            var cr = line.IndexOf((byte)'\r');
            while (cr >= 0)
            {
                if (cr + 1 >= line.Length || line[cr + 1] != (byte)'\n')
                {
                    return new SipParseError(SipErrorCode.InvalidLineEnding, SipMessagePart.HeaderValue, lineStart + cr, SipHeaderNames.Identify(name));
                }

                var rest = line[(cr + 1)..].IndexOf((byte)'\r');
                cr = rest < 0 ? -1 : cr + 1 + rest;
            }

            var (valueStart, valueLength) = SipChars.TrimLws(buffer, lineStart + colon + 1, contentEnd - (lineStart + colon + 1));
            var id = SipHeaderNames.Identify(name);

            if (id == SipHeaderId.ContentLength)
            {
                var value = buffer.Slice(valueStart, valueLength);
                if (!SipChars.TryParseDecimal(value, int.MaxValue, out var declared))
                {
                    return new SipParseError(SipErrorCode.InvalidContentLength, SipMessagePart.ContentLength, valueStart, id);
                }

                if (contentLength >= 0 && (ulong)contentLength != declared)
                {
                    return new SipParseError(SipErrorCode.ConflictingContentLength, SipMessagePart.ContentLength, valueStart, id);
                }

                contentLength = (int)declared;
            }

            if (++headerCount > maxHeaders)
            {
                return new SipParseError(SipErrorCode.TooManyHeaders, SipMessagePart.Message, lineStart);
            }

            message?.AddHeader(new SipHeaderEntry(lineStart, lastLf + 1, nameLength, valueStart, valueLength, id));
            position = lastLf + 1;
        }

        int end;
        if (contentLength >= 0)
        {
            var needed = (long)bodyStart + contentLength;
            if (needed - start > maxSize)
            {
                return new SipParseError(SipErrorCode.MessageTooLarge, SipMessagePart.ContentLength, bodyStart);
            }

            if (needed > buffer.Length)
            {
                length = (int)needed;
                return new SipParseError(SipErrorCode.BodyTruncated, SipMessagePart.Body, bodyStart);
            }

            end = (int)needed;
        }
        else if (framing == SipFraming.Stream)
        {
            return new SipParseError(SipErrorCode.MissingContentLength, SipMessagePart.ContentLength, bodyStart);
        }
        else
        {
            end = buffer.Length;
            if (end - start > maxSize)
            {
                return new SipParseError(SipErrorCode.MessageTooLarge, SipMessagePart.Body, bodyStart);
            }
        }

        if (message is not null)
        {
            message.BodyStart = bodyStart;
            message.End = end;
            message.DeclaredContentLength = contentLength;
        }

        length = end;
        return default;
    }

    private static SipParseError Incomplete(ReadOnlySpan<byte> buffer, int limit, int offset)
        => limit < buffer.Length
            ? new SipParseError(SipErrorCode.MessageTooLarge, SipMessagePart.Message, offset)
            : new SipParseError(SipErrorCode.IncompleteHeaders, SipMessagePart.Message, offset);

    private static SipParseError ParseStartLine(ReadOnlySpan<byte> line, int offset, SipMessage? message)
    {
        if (line.Length >= 4 && System.Text.Ascii.EqualsIgnoreCase(line[..4], "SIP/"u8))
        {
            return ParseStatusLine(line, offset, message);
        }

        // Request-Line = Method SP Request-URI SP SIP-Version
        var sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0)
        {
            return new SipParseError(line.IsEmpty || sp1 == 0 ? SipErrorCode.InvalidStartLine : SipErrorCode.InvalidStartLine, SipMessagePart.StartLine, offset);
        }

        var method = line[..sp1];
        if (!SipChars.IsAllToken(method))
        {
            return new SipParseError(SipErrorCode.InvalidMethod, SipMessagePart.StartLine, offset);
        }

        var uriStart = sp1 + 1;
        var sp2 = line[uriStart..].IndexOf((byte)' ');
        if (sp2 <= 0)
        {
            return new SipParseError(SipErrorCode.InvalidRequestUri, SipMessagePart.StartLine, offset + uriStart);
        }

        var uri = line.Slice(uriStart, sp2);
        foreach (var b in uri)
        {
            if (b <= 0x20 || b == 0x7F)
            {
                return new SipParseError(SipErrorCode.InvalidRequestUri, SipMessagePart.StartLine, offset + uriStart);
            }
        }

        var versionStart = uriStart + sp2 + 1;
        var version = line[versionStart..];
        if (!IsSipVersion(version))
        {
            return new SipParseError(SipErrorCode.InvalidVersion, SipMessagePart.StartLine, offset + versionStart);
        }

        if (message is not null)
        {
            message.IsRequest = true;
            message.Part1Start = offset;
            message.Part1Length = sp1;
            message.Part2Start = offset + uriStart;
            message.Part2Length = sp2;
            message.Part3Start = offset + versionStart;
            message.Part3Length = version.Length;
            message.IsSipVersion20 = version.SequenceEqual("SIP/2.0"u8);
            message.Method = SipMethod.FromBytes(message.Buffer.Slice(offset, sp1));
        }

        return default;
    }

    private static SipParseError ParseStatusLine(ReadOnlySpan<byte> line, int offset, SipMessage? message)
    {
        // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
        var sp1 = line.IndexOf((byte)' ');
        if (sp1 < 0 || !IsSipVersion(line[..sp1]))
        {
            return new SipParseError(SipErrorCode.InvalidVersion, SipMessagePart.StartLine, offset);
        }

        var codeStart = sp1 + 1;
        var rest = line[codeStart..];
        if (rest.Length < 3 || !SipChars.IsDigit(rest[0]) || !SipChars.IsDigit(rest[1]) || !SipChars.IsDigit(rest[2])
            || (rest.Length > 3 && rest[3] != (byte)' '))
        {
            return new SipParseError(SipErrorCode.InvalidStatusCode, SipMessagePart.StartLine, offset + codeStart);
        }

        var code = ((rest[0] - '0') * 100) + ((rest[1] - '0') * 10) + (rest[2] - '0');
        if (code < 100)
        {
            return new SipParseError(SipErrorCode.InvalidStatusCode, SipMessagePart.StartLine, offset + codeStart);
        }

        // A liberal receiver accepts a status line without the SP before an empty reason (RFC 4475 §3.1.1.13).
        var reasonStart = rest.Length > 3 ? codeStart + 4 : codeStart + 3;
        var reason = line[reasonStart..];
        foreach (var b in reason)
        {
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7F)
            {
                return new SipParseError(SipErrorCode.InvalidReasonPhrase, SipMessagePart.StartLine, offset + reasonStart);
            }
        }

        if (message is not null)
        {
            message.IsRequest = false;
            message.StatusCode = code;
            message.Part1Start = offset;
            message.Part1Length = sp1;
            message.Part2Start = offset + codeStart;
            message.Part2Length = 3;
            message.Part3Start = offset + reasonStart;
            message.Part3Length = reason.Length;
            message.IsSipVersion20 = line[..sp1].SequenceEqual("SIP/2.0"u8);
        }

        return default;
    }

    /// <summary>SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT ("SIP" case-insensitive).</summary>
    private static bool IsSipVersion(ReadOnlySpan<byte> version)
    {
        if (version.Length < 7 || !System.Text.Ascii.EqualsIgnoreCase(version[..4], "SIP/"u8))
        {
            return false;
        }

        var digits = version[4..];
        var dot = digits.IndexOf((byte)'.');
        return dot > 0 && dot < 10 && SipChars.IsAllDigits(digits[..dot]) && digits.Length - dot - 1 is > 0 and < 10 && SipChars.IsAllDigits(digits[(dot + 1)..]);
    }
}
