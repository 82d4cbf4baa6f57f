using System.Diagnostics.CodeAnalysis;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Uris;

namespace Lifeline.Sip.Messages;

/// <summary>Typed, lazily parsed header accessors. None of them throws on malformed input.</summary>
public sealed partial class SipMessage
{
    /// <summary>The Call-ID value as written (empty when absent).</summary>
    public SipText CallId => TryGetHeader(SipHeaderId.CallId, out var header) ? new SipText(header.ValueMemory) : default;

    /// <summary>Every Via value, top first.</summary>
    public SipViaEnumerator Vias => new(GetValues(SipHeaderId.Via));

    /// <summary>Every Contact value.</summary>
    public SipNameAddrEnumerator Contacts => new(GetValues(SipHeaderId.Contact));

    /// <summary>Every Route value, top first.</summary>
    public SipNameAddrEnumerator Routes => new(GetValues(SipHeaderId.Route));

    /// <summary>Every Record-Route value, top first.</summary>
    public SipNameAddrEnumerator RecordRoutes => new(GetValues(SipHeaderId.RecordRoute));

    /// <summary>
    /// The branch of the top Via (empty when there is no Via, no branch, or the Via is
    /// malformed). The transaction key of RFC 3261 §17.
    /// </summary>
    public SipText TopViaBranch => TryGetTopVia(out var via) ? via.Branch : default;

    /// <summary>The CSeq method, or the default value when CSeq is absent or malformed.</summary>
    public SipMethod CSeqMethod => TryGetCSeq(out var cseq) ? cseq.Method : default;

    /// <summary>
    /// Checks the message against the grammar of the headers the library knows
    /// (<see cref="SipMessageValidator"/>); the result's <see cref="SipParseError.IsError"/> is false when valid.
    /// </summary>
    public SipParseError Validate() => SipMessageValidator.Validate(this);

    /// <summary>The Request-URI parsed (sip, sips, tel or opaque); false when malformed or a response.</summary>
    public bool TryGetRequestUri([NotNullWhen(true)] out SipUri? uri)
    {
        uri = null;
        return IsRequest && SipUri.TryParse(RequestUri.Span, out uri);
    }

    /// <summary>The first Via value (the first element of the first Via line).</summary>
    public bool TryGetTopVia(out SipVia via)
    {
        if (!TryGetFirstElement(SipHeaderId.Via, out var value))
        {
            via = default;
            return false;
        }

        return SipVia.TryParse(value, out via);
    }

    /// <summary>The From value.</summary>
    public bool TryGetFrom(out SipNameAddr from) => TryGetNameAddr(SipHeaderId.From, out from);

    /// <summary>The To value.</summary>
    public bool TryGetTo(out SipNameAddr to) => TryGetNameAddr(SipHeaderId.To, out to);

    /// <summary>The first Contact value (check <see cref="SipNameAddr.IsWildcard"/> for <c>*</c>).</summary>
    public bool TryGetContact(out SipNameAddr contact) => TryGetFirstElement(SipHeaderId.Contact, out var value) & SipNameAddr.TryParse(value, out contact);

    /// <summary>The top Route value.</summary>
    public bool TryGetTopRoute(out SipNameAddr route) => TryGetFirstElement(SipHeaderId.Route, out var value) & SipNameAddr.TryParse(value, out route);

    /// <summary>The CSeq value.</summary>
    public bool TryGetCSeq(out SipCSeq cseq)
    {
        if (!TryGetHeader(SipHeaderId.CSeq, out var header))
        {
            cseq = default;
            return false;
        }

        return SipCSeq.TryParse(header.ValueMemory, out cseq);
    }

    /// <summary>Max-Forwards (0..255; leading zeros allowed).</summary>
    public bool TryGetMaxForwards(out int maxForwards) => TryGetNumber(SipHeaderId.MaxForwards, 255, out maxForwards);

    /// <summary>Content-Length as declared (the parser already checked it).</summary>
    public bool TryGetContentLength(out int contentLength)
    {
        contentLength = DeclaredContentLength;
        return contentLength >= 0;
    }

    /// <summary>The Expires header in seconds (delta-seconds, at most 2³²−1).</summary>
    public bool TryGetExpires(out uint seconds)
    {
        seconds = 0;
        if (!TryGetHeader(SipHeaderId.Expires, out var header) || !SipChars.TryParseDecimal(header.Value, uint.MaxValue, out var value))
        {
            return false;
        }

        seconds = (uint)value;
        return true;
    }

    /// <summary>The first WWW-Authenticate (or, with <paramref name="proxy"/>, Proxy-Authenticate) challenge.</summary>
    public bool TryGetChallenge(out SipChallenge challenge, bool proxy = false)
    {
        if (!TryGetHeader(proxy ? SipHeaderId.ProxyAuthenticate : SipHeaderId.WwwAuthenticate, out var header))
        {
            challenge = default;
            return false;
        }

        return SipChallenge.TryParse(header.ValueMemory, out challenge);
    }

    /// <summary>The first Authorization (or, with <paramref name="proxy"/>, Proxy-Authorization) credentials.</summary>
    public bool TryGetCredentials(out SipCredentials credentials, bool proxy = false)
    {
        if (!TryGetHeader(proxy ? SipHeaderId.ProxyAuthorization : SipHeaderId.Authorization, out var header))
        {
            credentials = default;
            return false;
        }

        return SipCredentials.TryParse(header.ValueMemory, out credentials);
    }

    private bool TryGetNameAddr(SipHeaderId id, out SipNameAddr value)
    {
        if (!TryGetHeader(id, out var header))
        {
            value = default;
            return false;
        }

        return SipNameAddr.TryParse(header.ValueMemory, out value);
    }

    private bool TryGetNumber(SipHeaderId id, ulong max, out int number)
    {
        number = 0;
        if (!TryGetHeader(id, out var header) || !SipChars.TryParseDecimal(header.Value, max, out var value))
        {
            return false;
        }

        number = (int)value;
        return true;
    }

    /// <summary>The first comma-separated element of the first line of a list header.</summary>
    internal bool TryGetFirstElement(SipHeaderId id, out ReadOnlyMemory<byte> element)
    {
        var index = FirstIndexOf(id);
        if (index < 0)
        {
            element = default;
            return false;
        }

        ref readonly var entry = ref EntryAt(index);
        var value = Buffer.Slice(entry.ValueStart, entry.ValueLength);
        var position = 0;
        SipList.Next(value.Span, ref position, out var start, out var length);
        element = value.Slice(start, length);
        return true;
    }
}
