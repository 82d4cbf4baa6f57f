using System.Buffers;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Writing;

/// <summary>
/// Applies a proxy's edits in one copy pass: the new Via, the decremented Max-Forwards, the
/// Record-Route, the popped Route, the new Request-URI, or the removed top Via are written
/// where they belong, and every other byte — unknown headers, odd white space and folding,
/// header order, the body — is copied as it arrived.
/// </summary>
public static class SipMessageEditor
{
    private static ReadOnlySpan<byte> DefaultMaxForwards => "Max-Forwards: 70\r\n"u8;

    /// <summary>
    /// Writes <paramref name="message"/> with <paramref name="edits"/> applied to
    /// <paramref name="destination"/>. When the status is not <see cref="SipEditStatus.Applied"/>
    /// nothing is written. Never throws on message content.
    /// </summary>
    public static SipEditResult Apply(SipMessage message, in SipMessageEdits edits, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(destination);

        var requestOnly = edits.DecrementMaxForwards || !edits.RecordRoute.IsEmpty || edits.PopTopRoute || !edits.RequestUri.IsEmpty;
        if (requestOnly && !message.IsRequest)
        {
            return new SipEditResult(SipEditStatus.NotARequest, 0);
        }

        if (HasLineBreak(edits.PrependVia.Span) || HasLineBreak(edits.RecordRoute.Span) || HasLineBreak(edits.CSeq.Span)
            || edits.RequestUri.Span.IndexOfAny(" \r\n"u8) >= 0 || !AreHeaderLines(edits.AppendHeaders.Span))
        {
            return new SipEditResult(SipEditStatus.InvalidValue, 0);
        }

        var buffer = message.Buffer.Span;
        var count = message.HeaderCount;
        var firstVia = message.FirstIndexOf(SipHeaderId.Via);
        var firstRoute = message.FirstIndexOf(SipHeaderId.Route);
        var firstRecordRoute = message.FirstIndexOf(SipHeaderId.RecordRoute);
        var maxForwardsIndex = message.FirstIndexOf(SipHeaderId.MaxForwards);
        var cseqIndex = edits.CSeq.IsEmpty ? -1 : message.FirstIndexOf(SipHeaderId.CSeq);

        if (edits.RemoveTopVia && firstVia < 0)
        {
            return new SipEditResult(SipEditStatus.NoVia, 0);
        }

        if (edits.PopTopRoute && firstRoute < 0)
        {
            return new SipEditResult(SipEditStatus.NoRoute, 0);
        }

        ulong maxForwards = 0;
        if (edits.DecrementMaxForwards && maxForwardsIndex >= 0)
        {
            ref readonly var entry = ref message.EntryAt(maxForwardsIndex);
            if (!SipChars.TryParseDecimal(buffer.Slice(entry.ValueStart, entry.ValueLength), 255, out maxForwards))
            {
                return new SipEditResult(SipEditStatus.InvalidMaxForwards, 0);
            }

            if (maxForwards == 0)
            {
                return new SipEditResult(SipEditStatus.MaxForwardsExhausted, 0);
            }
        }

        // New lines go before the first existing line of their kind; without one, after the Via block.
        var lastVia = -1;
        for (var i = count - 1; i >= 0 && firstVia >= 0; i--)
        {
            if (message.EntryAt(i).Id == SipHeaderId.Via)
            {
                lastVia = i;
                break;
            }
        }

        var viaInsert = firstVia >= 0 ? firstVia : 0;
        var afterVias = lastVia + 1;
        var recordRouteInsert = firstRecordRoute >= 0 ? firstRecordRoute : afterVias;
        var addMaxForwards = edits.DecrementMaxForwards && maxForwardsIndex < 0;

        var written = 0;
        if (!edits.RequestUri.IsEmpty)
        {
            written += Copy(destination, buffer.Slice(message.Part1Start, message.Part1Length));
            written += Copy(destination, " "u8);
            written += Copy(destination, edits.RequestUri.Span);
            written += Copy(destination, " "u8);
            written += Copy(destination, buffer.Slice(message.Part3Start, message.Part3Length));
            written += Copy(destination, buffer[message.StartLineContentEnd..message.HeadersStart]);
        }
        else
        {
            written += Copy(destination, buffer[message.Start..message.HeadersStart]);
        }

        for (var i = 0; i <= count; i++)
        {
            if (i == viaInsert && !edits.PrependVia.IsEmpty)
            {
                written += WriteLine(destination, "Via: "u8, edits.PrependVia.Span);
            }

            if (i == afterVias && addMaxForwards)
            {
                if (edits.MaxForwardsWhenAbsent is > 0 and <= 255 and not 70)
                {
                    written += Copy(destination, "Max-Forwards: "u8);
                    var span = destination.GetSpan(3);
                    System.Buffers.Text.Utf8Formatter.TryFormat(edits.MaxForwardsWhenAbsent, span, out var digits);
                    destination.Advance(digits);
                    written += digits + Copy(destination, "\r\n"u8);
                }
                else
                {
                    written += Copy(destination, DefaultMaxForwards);
                }
            }

            if (i == recordRouteInsert && !edits.RecordRoute.IsEmpty)
            {
                written += WriteLine(destination, "Record-Route: "u8, edits.RecordRoute.Span);
            }

            if (i == count)
            {
                written += Copy(destination, edits.AppendHeaders.Span);
                break;
            }

            ref readonly var entry = ref message.EntryAt(i);
            if (i == maxForwardsIndex && edits.DecrementMaxForwards)
            {
                written += Copy(destination, buffer[entry.LineStart..entry.ValueStart]);
                var span = destination.GetSpan(3);
                System.Buffers.Text.Utf8Formatter.TryFormat(maxForwards - 1, span, out var digits);
                destination.Advance(digits);
                written += digits;
                written += Copy(destination, buffer[entry.ValueEnd..entry.LineEnd]);
            }
            else if (i == cseqIndex)
            {
                written += Copy(destination, buffer[entry.LineStart..entry.ValueStart]);
                written += Copy(destination, edits.CSeq.Span);
                written += Copy(destination, buffer[entry.ValueEnd..entry.LineEnd]);
            }
            else if ((i == firstVia && edits.RemoveTopVia) || (i == firstRoute && edits.PopTopRoute))
            {
                written += RemoveFirstValue(destination, buffer, entry);
            }
            else
            {
                written += Copy(destination, buffer[entry.LineStart..entry.LineEnd]);
            }
        }

        // The empty line and the body, as they arrived (a datagram that ended without the
        // empty line gets one, so the forwarded message is well framed).
        if (message.BodyStart == message.HeadersEnd)
        {
            written += Copy(destination, "\r\n"u8);
        }

        written += Copy(destination, buffer[message.HeadersEnd..message.End]);
        return new SipEditResult(SipEditStatus.Applied, written);
    }

    /// <summary>Drops the first comma-separated value of a line, or the whole line when it has only one.</summary>
    private static int RemoveFirstValue(IBufferWriter<byte> destination, ReadOnlySpan<byte> buffer, in SipHeaderEntry entry)
    {
        var value = buffer.Slice(entry.ValueStart, entry.ValueLength);
        var end = SipList.FindElementEnd(value, 0);
        if (end >= value.Length)
        {
            return 0;
        }

        var rest = end + 1;
        while (rest < value.Length && SipChars.IsLws(value[rest]))
        {
            rest++;
        }

        if (rest >= value.Length)
        {
            // "a," with nothing after the comma: nothing is left of the line.
            return 0;
        }

        var written = Copy(destination, buffer[entry.LineStart..entry.ValueStart]);
        written += Copy(destination, value[rest..]);
        written += Copy(destination, buffer[entry.ValueEnd..entry.LineEnd]);
        return written;
    }

    private static int WriteLine(IBufferWriter<byte> destination, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        => Copy(destination, name) + Copy(destination, value) + Copy(destination, "\r\n"u8);

    private static int Copy(IBufferWriter<byte> destination, ReadOnlySpan<byte> bytes)
    {
        destination.Write(bytes);
        return bytes.Length;
    }

    /// <summary>Empty, or whole lines: ends in CR LF, no empty line, no bare CR or LF, no line starting with white space.</summary>
    private static bool AreHeaderLines(ReadOnlySpan<byte> lines)
    {
        if (lines.IsEmpty)
        {
            return true;
        }

        if (!lines.EndsWith("\r\n"u8))
        {
            return false;
        }

        while (!lines.IsEmpty)
        {
            var end = lines.IndexOf("\r\n"u8);
            var line = lines[..end];
            if (line.IsEmpty || line[0] is (byte)' ' or (byte)'\t' || line.IndexOf((byte)':') <= 0 || HasLineBreak(line))
            {
                return false;
            }

            lines = lines[(end + 2)..];
        }

        return true;
    }

    private static bool HasLineBreak(ReadOnlySpan<byte> value) => value.IndexOfAny((byte)'\r', (byte)'\n') >= 0;
}
