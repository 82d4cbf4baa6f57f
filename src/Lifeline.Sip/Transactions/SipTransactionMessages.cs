using System.Buffers;
using System.Globalization;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// The few messages the transaction layer writes itself: the ACK for a non-2xx final response
/// (RFC 3261 §17.1.1.3), the CANCEL of an INVITE (§9.1) and the automatic 100 Trying (§8.2.6.1,
/// §17.2.1). Header lines are copied byte for byte from the request or response they derive from.
/// </summary>
/// <remarks>
/// The message layer's writer now offers <c>SipRequests.TryCreateAckForFailure</c>,
/// <c>SipRequests.TryCreateCancel</c> and <c>SipResponses.Create</c>; this class should delegate
/// to them once <c>SipMessageBuilder.Request</c> writes a parsable request line (it currently
/// leaves a NUL byte after <c>SIP/2.0</c>).
/// </remarks>
internal static class SipTransactionMessages
{
    private static readonly SipParser CopyParser = new(new SipParserOptions { MaxMessageSize = int.MaxValue, MaxHeaderCount = int.MaxValue });

    /// <summary>
    /// The ACK for a non-2xx final response: the INVITE's Request-URI, its top Via only, its
    /// Max-Forwards, Route set, From, Call-ID and CSeq number; the response's To (with its tag).
    /// </summary>
    public static byte[] BuildAck(SipMessage invite, SipMessage response)
    {
        var writer = new ArrayBufferWriter<byte>(256 + invite.Length / 2);
        WriteRequestLine(writer, "ACK"u8, invite);
        WriteTopVia(writer, invite);
        WriteMaxForwards(writer, invite);
        WriteAll(writer, invite, SipHeaderId.Route, "Route"u8);
        WriteFirst(writer, invite, SipHeaderId.From, "From"u8);
        WriteFirst(writer, response, SipHeaderId.To, "To"u8);
        WriteFirst(writer, invite, SipHeaderId.CallId, "Call-ID"u8);
        WriteCSeq(writer, invite, "ACK"u8);
        Write(writer, "Content-Length: 0\r\n\r\n"u8);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The CANCEL of a request (RFC 3261 §9.1): same Request-URI, Call-ID, From, To (as in the
    /// request, so normally without a tag) and CSeq number, method CANCEL; a single Via equal to
    /// the request's top Via (hence the same branch); the request's Route set.
    /// </summary>
    public static SipMessage BuildCancel(SipMessage request)
    {
        var writer = new ArrayBufferWriter<byte>(256 + request.Length / 2);
        WriteRequestLine(writer, "CANCEL"u8, request);
        WriteTopVia(writer, request);
        WriteMaxForwards(writer, request);
        WriteAll(writer, request, SipHeaderId.Route, "Route"u8);
        WriteFirst(writer, request, SipHeaderId.From, "From"u8);
        WriteFirst(writer, request, SipHeaderId.To, "To"u8);
        WriteFirst(writer, request, SipHeaderId.CallId, "Call-ID"u8);
        WriteCSeq(writer, request, "CANCEL"u8);
        Write(writer, "Content-Length: 0\r\n\r\n"u8);
        return Parse(writer.WrittenSpan.ToArray());
    }

    /// <summary>
    /// 100 Trying for a request (RFC 3261 §8.2.6): every Via, From, To, Call-ID, CSeq and
    /// Timestamp copied; no To tag is added (a 100 need not have one).
    /// </summary>
    public static SipMessage BuildTrying(SipMessage request)
    {
        var writer = new ArrayBufferWriter<byte>(128 + request.Length / 2);
        Write(writer, "SIP/2.0 100 Trying\r\n"u8);
        WriteAll(writer, request, SipHeaderId.Via, "Via"u8);
        WriteFirst(writer, request, SipHeaderId.From, "From"u8);
        WriteFirst(writer, request, SipHeaderId.To, "To"u8);
        WriteFirst(writer, request, SipHeaderId.CallId, "Call-ID"u8);
        WriteFirst(writer, request, SipHeaderId.CSeq, "CSeq"u8);
        WriteAll(writer, request, SipHeaderId.Timestamp, "Timestamp"u8);
        Write(writer, "Content-Length: 0\r\n\r\n"u8);
        return Parse(writer.WrittenSpan.ToArray());
    }

    /// <summary>
    /// A copy of a message that owns its bytes: inbound messages may sit in a transport's pooled
    /// buffer, and a transaction keeps its request and final response for its whole life.
    /// </summary>
    public static SipMessage Detach(SipMessage message)
    {
        var result = CopyParser.Parse(message.Bytes.ToArray().AsMemory(), SipFraming.Datagram);

        // The bytes parsed once already; a second parse of the same bytes cannot fail.
        return result.Message ?? message;
    }

    private static SipMessage Parse(byte[] bytes)
    {
        var result = CopyParser.Parse(bytes.AsMemory(), SipFraming.Datagram);
        return result.Message ?? throw new InvalidOperationException($"Built an unparsable SIP message: {result.Error}");
    }

    private static void WriteRequestLine(ArrayBufferWriter<byte> writer, ReadOnlySpan<byte> method, SipMessage request)
    {
        Write(writer, method);
        Write(writer, " "u8);
        Write(writer, request.RequestUri.Span);
        Write(writer, " SIP/2.0\r\n"u8);
    }

    private static void WriteTopVia(ArrayBufferWriter<byte> writer, SipMessage request)
    {
        if (request.TryGetFirstElement(SipHeaderId.Via, out var via))
        {
            WriteLine(writer, "Via"u8, via.Span);
        }
    }

    private static void WriteMaxForwards(ArrayBufferWriter<byte> writer, SipMessage request)
    {
        if (request.TryGetMaxForwards(out var maxForwards))
        {
            Write(writer, "Max-Forwards: "u8);
            WriteNumber(writer, (uint)maxForwards);
            Write(writer, "\r\n"u8);
        }
        else
        {
            Write(writer, "Max-Forwards: 70\r\n"u8);
        }
    }

    private static void WriteCSeq(ArrayBufferWriter<byte> writer, SipMessage request, ReadOnlySpan<byte> method)
    {
        request.TryGetCSeq(out var cseq);
        Write(writer, "CSeq: "u8);
        WriteNumber(writer, cseq.Sequence);
        Write(writer, " "u8);
        Write(writer, method);
        Write(writer, "\r\n"u8);
    }

    private static void WriteFirst(ArrayBufferWriter<byte> writer, SipMessage message, SipHeaderId id, ReadOnlySpan<byte> name)
    {
        if (message.TryGetHeader(id, out var header))
        {
            WriteLine(writer, name, header.Value);
        }
    }

    private static void WriteAll(ArrayBufferWriter<byte> writer, SipMessage message, SipHeaderId id, ReadOnlySpan<byte> name)
    {
        foreach (var header in message.GetHeaders(id))
        {
            WriteLine(writer, name, header.Value);
        }
    }

    private static void WriteLine(ArrayBufferWriter<byte> writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Write(writer, name);
        Write(writer, ": "u8);
        Write(writer, value);
        Write(writer, "\r\n"u8);
    }

    private static void WriteNumber(ArrayBufferWriter<byte> writer, uint value)
    {
        var span = writer.GetSpan(10);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        writer.Advance(written);
    }

    private static void Write(ArrayBufferWriter<byte> writer, ReadOnlySpan<byte> bytes) => writer.Write(bytes);
}
