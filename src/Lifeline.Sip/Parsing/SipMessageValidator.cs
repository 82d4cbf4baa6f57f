using Lifeline.Sip.Messages;
using Lifeline.Sip.Uris;

namespace Lifeline.Sip.Parsing;

/// <summary>
/// Checks a parsed message against the RFC 3261 grammar of the headers the library knows,
/// the way a server must before acting on it (§8.2, §16.3): SIP/2.0, a well-formed
/// Request-URI without headers, the mandatory headers present once each, every known header
/// value well formed and in range, and the CSeq method matching the request method.
/// Extension headers are not checked: the library cannot know their grammar.
/// </summary>
/// <remarks>
/// The first problem found (in message order) is returned; its
/// <see cref="SipParseError.SuggestedStatusCode"/> is the answer a UAS or proxy should send
/// (400, or 505 for another SIP version). Deliberately lenient where RFC 4475 asks for
/// leniency: a request without Max-Forwards (RFC 2543 peers) or with an unknown Request-URI
/// scheme (the application answers 416) passes.
/// </remarks>
public static class SipMessageValidator
{
    /// <summary>Validates a message; the result's <see cref="SipParseError.IsError"/> is false when it is valid.</summary>
    public static SipParseError Validate(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.IsSipVersion20)
        {
            return new SipParseError(SipErrorCode.UnsupportedVersion, SipMessagePart.StartLine, message.Start);
        }

        if (message.IsRequest)
        {
            if (!message.TryGetRequestUri(out var uri) || (uri.IsSip && uri.Headers.Count > 0))
            {
                return new SipParseError(SipErrorCode.InvalidRequestUri, SipMessagePart.StartLine, message.Part2Start);
            }
        }

        Span<bool> seen = stackalloc bool[SipHeaderNames.IdCount];
        for (var i = 0; i < message.HeaderCount; i++)
        {
            var header = message.GetHeader(i);
            var id = header.Id;
            if (id == SipHeaderId.Unknown)
            {
                continue;
            }

            var offset = message.EntryAt(i).ValueStart;
            if (seen[(int)id] && IsSingle(id))
            {
                return new SipParseError(SipErrorCode.DuplicateHeader, SipMessagePart.HeaderName, message.EntryAt(i).LineStart, id);
            }

            seen[(int)id] = true;
            var code = CheckValue(message, id, header.ValueMemory);
            if (code != SipErrorCode.None)
            {
                return new SipParseError(code, SipMessagePart.HeaderValue, offset, id);
            }
        }

        foreach (var required in Mandatory)
        {
            if (!seen[(int)required])
            {
                return new SipParseError(SipErrorCode.MissingHeader, SipMessagePart.Message, message.HeadersEnd, required);
            }
        }

        return default;
    }

    private static readonly SipHeaderId[] Mandatory = [SipHeaderId.Via, SipHeaderId.From, SipHeaderId.To, SipHeaderId.CallId, SipHeaderId.CSeq];

    /// <summary>Headers RFC 3261 allows once per message.</summary>
    private static bool IsSingle(SipHeaderId id) => id is SipHeaderId.To or SipHeaderId.From or SipHeaderId.CSeq or SipHeaderId.CallId
        or SipHeaderId.MaxForwards or SipHeaderId.ContentType or SipHeaderId.Expires or SipHeaderId.MinExpires or SipHeaderId.Date
        or SipHeaderId.RetryAfter or SipHeaderId.Timestamp or SipHeaderId.MimeVersion or SipHeaderId.ContentDisposition or SipHeaderId.RSeq;

    private static SipErrorCode CheckValue(SipMessage message, SipHeaderId id, ReadOnlyMemory<byte> value)
    {
        var span = value.Span;
        switch (id)
        {
            case SipHeaderId.Via:
                return CheckList(value, static v => CheckVia(v));
            case SipHeaderId.From:
            case SipHeaderId.To:
                return CheckNameAddr(value, allowWildcard: false, requireAngle: false);
            case SipHeaderId.Contact:
                return CheckContacts(value);
            case SipHeaderId.Route:
            case SipHeaderId.RecordRoute:
            case SipHeaderId.Path:
            case SipHeaderId.ServiceRoute:
                return CheckList(value, static v => CheckNameAddr(v, allowWildcard: false, requireAngle: true));
            case SipHeaderId.CSeq:
                if (!SipCSeq.TryParse(value, out var cseq))
                {
                    var digits = SipChars.TrimLws(span);
                    var end = 0;
                    while (end < digits.Length && SipChars.IsDigit(digits[end]))
                    {
                        end++;
                    }

                    return end > 0 && !SipChars.TryParseDecimal(digits[..end], uint.MaxValue, out _) ? SipErrorCode.ValueOutOfRange : SipErrorCode.InvalidHeaderValue;
                }

                return message.IsRequest && cseq.Method != message.Method ? SipErrorCode.CSeqMethodMismatch : SipErrorCode.None;
            case SipHeaderId.CallId:
                return IsCallId(span) ? SipErrorCode.None : SipErrorCode.InvalidHeaderValue;
            case SipHeaderId.MaxForwards:
                return CheckNumber(span, 255);
            case SipHeaderId.Expires:
            case SipHeaderId.MinExpires:
            case SipHeaderId.RSeq:
                return CheckNumber(span, uint.MaxValue);
            case SipHeaderId.RetryAfter:
                return CheckRetryAfter(span);
            case SipHeaderId.ContentType:
                return CheckMediaType(span);
            case SipHeaderId.Date:
                return IsRfc1123Date(span) ? SipErrorCode.None : SipErrorCode.InvalidHeaderValue;
            case SipHeaderId.Warning:
                return CheckList(value, static v => CheckWarning(v.Span));
            case SipHeaderId.WwwAuthenticate:
            case SipHeaderId.ProxyAuthenticate:
                return SipChallenge.TryParse(value, out _) ? SipErrorCode.None : SipErrorCode.InvalidHeaderValue;
            case SipHeaderId.Authorization:
            case SipHeaderId.ProxyAuthorization:
                return SipCredentials.TryParse(value, out _) ? SipErrorCode.None : SipErrorCode.InvalidHeaderValue;
            case SipHeaderId.Require:
            case SipHeaderId.ProxyRequire:
            case SipHeaderId.Unsupported:
            case SipHeaderId.Allow:
                return CheckList(value, static v => SipChars.IsAllToken(v.Span) ? SipErrorCode.None : SipErrorCode.InvalidHeaderValue);
            case SipHeaderId.Supported:
                return span.IsEmpty ? SipErrorCode.None : CheckList(value, static v => SipChars.IsAllToken(v.Span) ? SipErrorCode.None : SipErrorCode.InvalidHeaderValue);
            default:
                return SipErrorCode.None;
        }
    }

    private static SipErrorCode CheckList(ReadOnlyMemory<byte> value, Func<ReadOnlyMemory<byte>, SipErrorCode> check)
    {
        var span = value.Span;
        var position = 0;
        while (SipList.Next(span, ref position, out var start, out var length))
        {
            if (length == 0)
            {
                return SipErrorCode.InvalidHeaderValue;
            }

            var code = check(value.Slice(start, length));
            if (code != SipErrorCode.None)
            {
                return code;
            }
        }

        return SipErrorCode.None;
    }

    private static SipErrorCode CheckVia(ReadOnlyMemory<byte> value)
    {
        if (!SipVia.TryParse(value, out var via) || !AreGenericParametersValid(via.Parameters))
        {
            return SipErrorCode.InvalidHeaderValue;
        }

        if (via.HasBranch && !SipChars.IsAllToken(via.Branch.Span))
        {
            return SipErrorCode.InvalidHeaderValue;
        }

        if (!via.Received.IsEmpty && !IsIpAddress(via.Received.Span))
        {
            return SipErrorCode.InvalidHeaderValue;
        }

        if (!via.Maddr.IsEmpty && !SipHost.TryClassify(via.Maddr.Span, out _))
        {
            return SipErrorCode.InvalidHeaderValue;
        }

        if (via.TryGetParameter("ttl", out var ttl) && via.Ttl is null)
        {
            return ttl.IsEmpty ? SipErrorCode.InvalidHeaderValue : SipErrorCode.ValueOutOfRange;
        }

        if (via.TryGetParameter("rport", out var rport) && !rport.IsEmpty && via.RPort is null)
        {
            return SipErrorCode.InvalidHeaderValue;
        }

        return SipErrorCode.None;
    }

    private static bool IsIpAddress(ReadOnlySpan<byte> address)
    {
        if (address.Length > 2 && address[0] == (byte)'[' && address[^1] == (byte)']')
        {
            return SipHost.IsIPv6(address[1..^1]);
        }

        return SipHost.IsIPv4(address) || SipHost.IsIPv6(address);
    }

    private static SipErrorCode CheckContacts(ReadOnlyMemory<byte> value)
    {
        var span = value.Span;
        var position = 0;
        var count = 0;
        var wildcard = false;
        while (SipList.Next(span, ref position, out var start, out var length))
        {
            count++;
            if (length == 0 || !SipNameAddr.TryParse(value.Slice(start, length), out var contact))
            {
                return SipErrorCode.InvalidHeaderValue;
            }

            if (contact.IsWildcard)
            {
                wildcard = true;
                continue;
            }

            var code = CheckNameAddrParts(contact, requireAngle: false);
            if (code != SipErrorCode.None)
            {
                return code;
            }

            if (contact.TryGetParameter("expires", out var expires) && !contact.TryGetExpires(out _))
            {
                return SipChars.IsAllDigits(expires.Span) ? SipErrorCode.ValueOutOfRange : SipErrorCode.InvalidHeaderValue;
            }

            if (contact.TryGetParameter("q", out _) && !contact.TryGetQ(out _))
            {
                return SipErrorCode.InvalidHeaderValue;
            }
        }

        return wildcard && count > 1 ? SipErrorCode.InvalidHeaderValue : SipErrorCode.None;
    }

    private static SipErrorCode CheckNameAddr(ReadOnlyMemory<byte> value, bool allowWildcard, bool requireAngle)
    {
        if (!SipNameAddr.TryParse(value, out var nameAddr) || (nameAddr.IsWildcard && !allowWildcard))
        {
            return SipErrorCode.InvalidHeaderValue;
        }

        return CheckNameAddrParts(nameAddr, requireAngle);
    }

    private static SipErrorCode CheckNameAddrParts(SipNameAddr nameAddr, bool requireAngle)
    {
        if (requireAngle && !nameAddr.HasAngleBrackets)
        {
            return SipErrorCode.InvalidHeaderValue;
        }

        // RFC 3261 §20: a URI with a comma, question mark or semicolon must be in angle brackets.
        if (!nameAddr.HasAngleBrackets && nameAddr.Uri.Span.IndexOfAny((byte)'?', (byte)',') >= 0)
        {
            return SipErrorCode.InvalidHeaderValue;
        }

        if (!nameAddr.TryGetUri(out _) || !AreGenericParametersValid(nameAddr.Parameters))
        {
            return SipErrorCode.InvalidHeaderValue;
        }

        return SipErrorCode.None;
    }

    /// <summary>generic-param = token [ EQUAL gen-value ]; gen-value = token / host / quoted-string.</summary>
    private static bool AreGenericParametersValid(SipParameterEnumerator parameters)
    {
        foreach (var parameter in parameters)
        {
            var v = parameter.Value.Span;
            if (!parameter.HasValue || (v.Length >= 2 && v[0] == (byte)'"'))
            {
                continue;
            }

            foreach (var b in v)
            {
                if (!SipChars.IsToken(b) && b is not ((byte)'[' or (byte)']' or (byte)':'))
                {
                    return false;
                }
            }
        }

        return !parameters.IsMalformed;
    }

    private static SipErrorCode CheckNumber(ReadOnlySpan<byte> value, ulong max)
    {
        if (!SipChars.IsAllDigits(value))
        {
            return SipErrorCode.InvalidHeaderValue;
        }

        return SipChars.TryParseDecimal(value, max, out _) ? SipErrorCode.None : SipErrorCode.ValueOutOfRange;
    }

    /// <summary>Retry-After = delta-seconds [ comment ] *( SEMI retry-param ).</summary>
    private static SipErrorCode CheckRetryAfter(ReadOnlySpan<byte> value)
    {
        var end = 0;
        while (end < value.Length && SipChars.IsDigit(value[end]))
        {
            end++;
        }

        if (end == 0)
        {
            return SipErrorCode.InvalidHeaderValue;
        }

        return SipChars.TryParseDecimal(value[..end], uint.MaxValue, out _) ? SipErrorCode.None : SipErrorCode.ValueOutOfRange;
    }

    /// <summary>warning-value = warn-code SP warn-agent SP warn-text; warn-code = 3DIGIT.</summary>
    private static SipErrorCode CheckWarning(ReadOnlySpan<byte> value)
    {
        var sp = value.IndexOf((byte)' ');
        if (sp != 3 || !SipChars.IsAllDigits(value[..3]))
        {
            return SipErrorCode.InvalidHeaderValue;
        }

        var rest = value[4..];
        var sp2 = rest.IndexOf((byte)' ');
        if (sp2 <= 0)
        {
            return SipErrorCode.InvalidHeaderValue;
        }

        var text = SipChars.TrimLws(rest[(sp2 + 1)..]);
        return text.Length >= 2 && text[0] == (byte)'"' && text[^1] == (byte)'"' ? SipErrorCode.None : SipErrorCode.InvalidHeaderValue;
    }

    /// <summary>media-type = m-type SLASH m-subtype *( SEMI m-parameter ).</summary>
    private static SipErrorCode CheckMediaType(ReadOnlySpan<byte> value)
    {
        var reader = new SipValueReader(value);
        if (reader.ReadToken(out _) == 0 || !reader.TrySeparator((byte)'/') || reader.ReadToken(out _) == 0)
        {
            return SipErrorCode.InvalidHeaderValue;
        }

        return SipParameterReader.IsWellFormed(value[reader.Position..]) ? SipErrorCode.None : SipErrorCode.InvalidHeaderValue;
    }

    /// <summary>callid = word [ "@" word ].</summary>
    private static bool IsCallId(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        var at = value.IndexOf((byte)'@');
        if (at == 0 || at == value.Length - 1)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (i == at)
            {
                continue;
            }

            if (!SipChars.IsWord(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>rfc1123-date = wkday "," SP date1 SP time SP "GMT" (RFC 3261 §25.1: only GMT).</summary>
    private static bool IsRfc1123Date(ReadOnlySpan<byte> value)
    {
        // "Sat, 13 Nov 2010 23:29:00 GMT" is exactly 29 bytes.
        if (value.Length != 29 || value[3] != (byte)',' || value[4] != (byte)' ' || value[7] != (byte)' ' || value[11] != (byte)' '
            || value[16] != (byte)' ' || value[19] != (byte)':' || value[22] != (byte)':' || value[25] != (byte)' ' || !value[26..].SequenceEqual("GMT"u8))
        {
            return false;
        }

        var day = value[..3];
        var month = value[8..11];
        return IsOneOf(day, "MonTueWedThuFriSatSun"u8) && IsOneOf(month, "JanFebMarAprMayJunJulAugSepOctNovDec"u8)
            && SipChars.IsAllDigits(value[5..7]) && SipChars.IsAllDigits(value[12..16]) && SipChars.IsAllDigits(value[17..19])
            && SipChars.IsAllDigits(value[20..22]) && SipChars.IsAllDigits(value[23..25]);
    }

    private static bool IsOneOf(ReadOnlySpan<byte> three, ReadOnlySpan<byte> list)
    {
        for (var i = 0; i + 3 <= list.Length; i += 3)
        {
            if (three.SequenceEqual(list.Slice(i, 3)))
            {
                return true;
            }
        }

        return false;
    }
}
