using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Lifeline.Sip.Dns;

/// <summary>
/// Decodes DNS answers defensively: every length and pointer is bounds-checked, compression pointers
/// must point strictly backwards (so a pointer loop cannot spin), and anything malformed comes back as
/// an error value, never as an exception. Records of types this client does not read are skipped.
/// </summary>
internal static class DnsMessageReader
{
    // Wire bytes of a name can expand to four characters each ("\DDD") plus dots.
    private const int MaxNameChars = 1024;

    /// <summary>
    /// Reads the header and the question only, so a datagram can be matched to the query before the
    /// rest of it is trusted (or before it is thrown away because it was truncated).
    /// </summary>
    public static bool TryReadQuestion(
        ReadOnlySpan<byte> data,
        out ushort id,
        out ushort flags,
        out string name,
        out ushort type,
        out ushort @class)
    {
        id = 0;
        flags = 0;
        name = string.Empty;
        type = 0;
        @class = 0;
        if (data.Length < DnsHeaderFlags.HeaderLength)
        {
            return false;
        }

        id = BinaryPrimitives.ReadUInt16BigEndian(data);
        flags = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if (BinaryPrimitives.ReadUInt16BigEndian(data[4..]) != 1)
        {
            return false;
        }

        var offset = DnsHeaderFlags.HeaderLength;
        if (TryReadName(data, ref offset, data.Length, out name) is not null || offset + 4 > data.Length)
        {
            return false;
        }

        type = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
        @class = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
        return true;
    }

    public static DnsParseResult Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < DnsHeaderFlags.HeaderLength)
        {
            return DnsParseResult.Fail("shorter than a DNS header");
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(data);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        var questions = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        var answerCount = BinaryPrimitives.ReadUInt16BigEndian(data[6..]);
        var authorityCount = BinaryPrimitives.ReadUInt16BigEndian(data[8..]);
        var additionalCount = BinaryPrimitives.ReadUInt16BigEndian(data[10..]);
        if (questions != 1)
        {
            return DnsParseResult.Fail("expected one question, found " + questions);
        }

        var offset = DnsHeaderFlags.HeaderLength;
        var error = TryReadName(data, ref offset, data.Length, out var questionName);
        if (error is not null)
        {
            return DnsParseResult.Fail("question name: " + error);
        }

        if (offset + 4 > data.Length)
        {
            return DnsParseResult.Fail("question truncated");
        }

        var questionType = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
        var questionClass = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
        offset += 4;

        var answers = new List<DnsRecord>();
        var authority = new List<DnsRecord>();
        var additional = new List<DnsRecord>();
        error = ReadSection(data, ref offset, answerCount, answers)
            ?? ReadSection(data, ref offset, authorityCount, authority)
            ?? ReadSection(data, ref offset, additionalCount, additional);
        if (error is not null)
        {
            return DnsParseResult.Fail(error);
        }

        return DnsParseResult.Ok(new DnsMessage(
            id, flags, questionName, questionType, questionClass, answers, authority, additional));
    }

    private static string? ReadSection(ReadOnlySpan<byte> data, ref int offset, int count, List<DnsRecord> into)
    {
        for (var i = 0; i < count; i++)
        {
            var error = TryReadName(data, ref offset, data.Length, out var name);
            if (error is not null)
            {
                return "record owner name: " + error;
            }

            if (offset + 10 > data.Length)
            {
                return "record header truncated";
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            var @class = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            var rawTtl = BinaryPrimitives.ReadUInt32BigEndian(data[(offset + 4)..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 8)..]);
            offset += 10;
            if (length > data.Length - offset)
            {
                return "record data runs past the end of the message";
            }

            // RFC 2181 section 8: a TTL with the top bit set is read as zero.
            var ttl = rawTtl > int.MaxValue ? 0u : rawTtl;
            if (@class == DnsHeaderFlags.ClassInternet)
            {
                error = ReadData(data, offset, length, (DnsRecordType)type, name, ttl, out var record);
                if (error is not null)
                {
                    return ((DnsRecordType)type).ToString() + " record: " + error;
                }

                if (record is not null)
                {
                    into.Add(record);
                }
            }

            offset += length;
        }

        return null;
    }

    private static string? ReadData(
        ReadOnlySpan<byte> data, int start, int length, DnsRecordType type, string name, uint ttl, out DnsRecord? record)
    {
        record = null;
        var end = start + length;
        var pos = start;
        string? error;
        switch (type)
        {
            case DnsRecordType.A:
                if (length != 4)
                {
                    return "address length " + length + ", expected 4";
                }

                record = new DnsAddressRecord(name, ttl, new IPAddress(data.Slice(start, 4)));
                return null;

            case DnsRecordType.Aaaa:
                if (length != 16)
                {
                    return "address length " + length + ", expected 16";
                }

                record = new DnsAddressRecord(name, ttl, new IPAddress(data.Slice(start, 16)));
                return null;

            case DnsRecordType.Cname:
                error = TryReadName(data, ref pos, end, out var target);
                if (error is not null)
                {
                    return error;
                }

                record = new DnsCnameRecord(name, ttl, target);
                break;

            case DnsRecordType.Srv:
                if (length < 7)
                {
                    return "too short";
                }

                var priority = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
                var weight = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 2)..]);
                var port = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 4)..]);
                pos += 6;
                error = TryReadName(data, ref pos, end, out var srvTarget);
                if (error is not null)
                {
                    return error;
                }

                record = new DnsSrvRecord(name, ttl, priority, weight, port, srvTarget);
                break;

            case DnsRecordType.Naptr:
                if (length < 8)
                {
                    return "too short";
                }

                var order = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
                var preference = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 2)..]);
                pos += 4;
                if ((error = TryReadCharacterString(data, ref pos, end, out var flags)) is not null
                    || (error = TryReadCharacterString(data, ref pos, end, out var services)) is not null
                    || (error = TryReadCharacterString(data, ref pos, end, out var regexp)) is not null
                    || (error = TryReadName(data, ref pos, end, out var replacement)) is not null)
                {
                    return error;
                }

                record = new DnsNaptrRecord(name, ttl, order, preference, flags, services, regexp, replacement);
                break;

            case DnsRecordType.Soa:
                if ((error = TryReadName(data, ref pos, end, out var primary)) is not null
                    || (error = TryReadName(data, ref pos, end, out var mailbox)) is not null)
                {
                    return error;
                }

                if (end - pos != 20)
                {
                    return "SOA counters have " + (end - pos) + " bytes, expected 20";
                }

                record = new DnsSoaRecord(
                    name,
                    ttl,
                    primary,
                    mailbox,
                    BinaryPrimitives.ReadUInt32BigEndian(data[pos..]),
                    BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 4)..]),
                    BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 8)..]),
                    BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 12)..]),
                    BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 16)..]));
                return null;

            default:
                // A type this client does not read: its length was already checked, skip it.
                return null;
        }

        return pos == end ? null : "record data length does not match its content";
    }

    private static string? TryReadCharacterString(ReadOnlySpan<byte> data, ref int pos, int end, out string value)
    {
        value = string.Empty;
        if (pos >= end)
        {
            return "character-string runs past the record";
        }

        var length = data[pos];
        if (pos + 1 + length > end)
        {
            return "character-string runs past the record";
        }

        value = Encoding.Latin1.GetString(data.Slice(pos + 1, length));
        pos += 1 + length;
        return null;
    }

    /// <summary>
    /// Reads a possibly compressed name starting at <paramref name="offset"/>; on success
    /// <paramref name="offset"/> moves past the name's bytes at that place (past the first pointer, if
    /// any). Bytes read in place must stay below <paramref name="end"/>; a pointer may lead anywhere
    /// earlier in the message, but only strictly before the last place it jumped to.
    /// </summary>
    internal static string? TryReadName(ReadOnlySpan<byte> data, ref int offset, int end, out string name)
    {
        name = string.Empty;
        Span<char> chars = stackalloc char[MaxNameChars];
        var count = 0;
        var pos = offset;
        var limit = Math.Min(end, data.Length);
        var jumped = false;
        var lowestJump = offset;
        var wireLength = 1;

        while (true)
        {
            if (pos < 0 || pos >= limit)
            {
                return "name runs past the end";
            }

            var length = data[pos];
            if ((length & 0xC0) == 0xC0)
            {
                if (pos + 1 >= limit)
                {
                    return "compression pointer truncated";
                }

                var target = ((length & 0x3F) << 8) | data[pos + 1];
                if (target >= lowestJump)
                {
                    return "compression pointer does not point backwards";
                }

                if (!jumped)
                {
                    offset = pos + 2;
                    jumped = true;
                    limit = data.Length;
                }

                lowestJump = target;
                pos = target;
                continue;
            }

            if ((length & 0xC0) != 0)
            {
                return "unsupported label type";
            }

            if (length == 0)
            {
                if (!jumped)
                {
                    offset = pos + 1;
                }

                break;
            }

            if (pos + 1 + length > limit)
            {
                return "label runs past the end";
            }

            wireLength += length + 1;
            if (wireLength > DnsName.MaxWireLength)
            {
                return "name longer than 255 bytes";
            }

            if (count > 0)
            {
                chars[count++] = '.';
            }

            foreach (var b in data.Slice(pos + 1, length))
            {
                if (b > ' ' && b <= '~' && b != '.' && b != '\\')
                {
                    chars[count++] = (char)b;
                }
                else
                {
                    // Presentation form of an odd byte, so it can never pass for a label separator.
                    chars[count++] = '\\';
                    chars[count++] = (char)('0' + (b / 100));
                    chars[count++] = (char)('0' + (b / 10 % 10));
                    chars[count++] = (char)('0' + (b % 10));
                }
            }

            pos += 1 + length;
        }

        name = count == 0 ? "." : new string(chars[..count]);
        return null;
    }
}
