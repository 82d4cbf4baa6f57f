using System.Text;

namespace Lifeline.Sip.Messages;

/// <summary>
/// Canonical names, compact forms and list semantics of the known header fields, and the
/// byte-level lookup the parser uses to tag header lines.
/// </summary>
public static class SipHeaderNames
{
    /// <summary>Number of <see cref="SipHeaderId"/> values, including <see cref="SipHeaderId.Unknown"/>.</summary>
    internal const int IdCount = (int)SipHeaderId.WwwAuthenticate + 1;

    private static readonly string[] Names = new string[IdCount];
    private static readonly byte[][] NameBytes = new byte[IdCount][];
    private static readonly bool[] ListHeaders = new bool[IdCount];
    private static readonly SipHeaderId[] Compact = new SipHeaderId[26];
    private static readonly char[] CompactOf = new char[IdCount];

    // Candidates grouped by name length; each entry is (lower-case name, id).
    private static readonly (byte[] Name, SipHeaderId Id)[][] ByLength;

    static SipHeaderNames()
    {
        Add(SipHeaderId.Unknown, string.Empty, list: false);
        Add(SipHeaderId.Accept, "Accept", list: true);
        Add(SipHeaderId.AcceptContact, "Accept-Contact", list: true, compact: 'a');
        Add(SipHeaderId.AcceptEncoding, "Accept-Encoding", list: true);
        Add(SipHeaderId.AcceptLanguage, "Accept-Language", list: true);
        Add(SipHeaderId.AlertInfo, "Alert-Info", list: true);
        Add(SipHeaderId.Allow, "Allow", list: true);
        Add(SipHeaderId.AllowEvents, "Allow-Events", list: true, compact: 'u');
        Add(SipHeaderId.AuthenticationInfo, "Authentication-Info", list: false);
        Add(SipHeaderId.Authorization, "Authorization", list: false);
        Add(SipHeaderId.CallId, "Call-ID", list: false, compact: 'i');
        Add(SipHeaderId.CallInfo, "Call-Info", list: true);
        Add(SipHeaderId.Contact, "Contact", list: true, compact: 'm');
        Add(SipHeaderId.ContentDisposition, "Content-Disposition", list: false);
        Add(SipHeaderId.ContentEncoding, "Content-Encoding", list: true, compact: 'e');
        Add(SipHeaderId.ContentLanguage, "Content-Language", list: true);
        Add(SipHeaderId.ContentLength, "Content-Length", list: false, compact: 'l');
        Add(SipHeaderId.ContentType, "Content-Type", list: false, compact: 'c');
        Add(SipHeaderId.CSeq, "CSeq", list: false);
        Add(SipHeaderId.Date, "Date", list: false);
        Add(SipHeaderId.ErrorInfo, "Error-Info", list: true);
        Add(SipHeaderId.Event, "Event", list: false, compact: 'o');
        Add(SipHeaderId.Expires, "Expires", list: false);
        Add(SipHeaderId.From, "From", list: false, compact: 'f');
        Add(SipHeaderId.Identity, "Identity", list: false, compact: 'y');
        Add(SipHeaderId.IdentityInfo, "Identity-Info", list: false, compact: 'n');
        Add(SipHeaderId.InReplyTo, "In-Reply-To", list: true);
        Add(SipHeaderId.MaxForwards, "Max-Forwards", list: false);
        Add(SipHeaderId.MimeVersion, "MIME-Version", list: false);
        Add(SipHeaderId.MinExpires, "Min-Expires", list: false);
        Add(SipHeaderId.MinSE, "Min-SE", list: false);
        Add(SipHeaderId.Organization, "Organization", list: false);
        Add(SipHeaderId.PAssertedIdentity, "P-Asserted-Identity", list: true);
        Add(SipHeaderId.Path, "Path", list: true);
        Add(SipHeaderId.PPreferredIdentity, "P-Preferred-Identity", list: true);
        Add(SipHeaderId.Priority, "Priority", list: false);
        Add(SipHeaderId.Privacy, "Privacy", list: false);
        Add(SipHeaderId.ProxyAuthenticate, "Proxy-Authenticate", list: false);
        Add(SipHeaderId.ProxyAuthorization, "Proxy-Authorization", list: false);
        Add(SipHeaderId.ProxyRequire, "Proxy-Require", list: true);
        Add(SipHeaderId.RAck, "RAck", list: false);
        Add(SipHeaderId.Reason, "Reason", list: true);
        Add(SipHeaderId.RecordRoute, "Record-Route", list: true);
        Add(SipHeaderId.ReferredBy, "Referred-By", list: false, compact: 'b');
        Add(SipHeaderId.ReferTo, "Refer-To", list: false, compact: 'r');
        Add(SipHeaderId.RejectContact, "Reject-Contact", list: true, compact: 'j');
        Add(SipHeaderId.ReplyTo, "Reply-To", list: false);
        Add(SipHeaderId.RequestDisposition, "Request-Disposition", list: true, compact: 'd');
        Add(SipHeaderId.Require, "Require", list: true);
        Add(SipHeaderId.RetryAfter, "Retry-After", list: false);
        Add(SipHeaderId.Route, "Route", list: true);
        Add(SipHeaderId.RSeq, "RSeq", list: false);
        Add(SipHeaderId.Server, "Server", list: false);
        Add(SipHeaderId.ServiceRoute, "Service-Route", list: true);
        Add(SipHeaderId.SessionExpires, "Session-Expires", list: false, compact: 'x');
        Add(SipHeaderId.Subject, "Subject", list: false, compact: 's');
        Add(SipHeaderId.Supported, "Supported", list: true, compact: 'k');
        Add(SipHeaderId.Timestamp, "Timestamp", list: false);
        Add(SipHeaderId.To, "To", list: false, compact: 't');
        Add(SipHeaderId.Unsupported, "Unsupported", list: true);
        Add(SipHeaderId.UserAgent, "User-Agent", list: false);
        Add(SipHeaderId.Via, "Via", list: true, compact: 'v');
        Add(SipHeaderId.Warning, "Warning", list: true);
        Add(SipHeaderId.WwwAuthenticate, "WWW-Authenticate", list: false);

        var max = 0;
        for (var i = 1; i < IdCount; i++)
        {
            max = Math.Max(max, Names[i].Length);
        }

        var groups = new List<(byte[], SipHeaderId)>[max + 1];
        for (var i = 1; i < IdCount; i++)
        {
            var lower = Encoding.ASCII.GetBytes(Names[i].ToLowerInvariant());
            (groups[lower.Length] ??= []).Add((lower, (SipHeaderId)i));
        }

        ByLength = new (byte[], SipHeaderId)[max + 1][];
        for (var len = 0; len <= max; len++)
        {
            ByLength[len] = groups[len]?.ToArray() ?? [];
        }
    }

    private static void Add(SipHeaderId id, string name, bool list, char compact = '\0')
    {
        Names[(int)id] = name;
        NameBytes[(int)id] = Encoding.ASCII.GetBytes(name);
        ListHeaders[(int)id] = list;
        CompactOf[(int)id] = compact;
        if (compact != '\0')
        {
            Compact[compact - 'a'] = id;
        }
    }

    /// <summary>The canonical (long) name, e.g. <c>Call-ID</c>; empty for <see cref="SipHeaderId.Unknown"/>.</summary>
    public static string GetName(SipHeaderId id) => (uint)id < IdCount ? Names[(int)id] : string.Empty;

    /// <summary>The canonical name as ASCII bytes.</summary>
    public static ReadOnlySpan<byte> GetNameBytes(SipHeaderId id) => (uint)id < IdCount ? NameBytes[(int)id] : [];

    /// <summary>The compact form (RFC 3261 §7.3.3 and later RFCs), or <c>'\0'</c> when there is none.</summary>
    public static char GetCompactForm(SipHeaderId id) => (uint)id < IdCount ? CompactOf[(int)id] : '\0';

    /// <summary>
    /// True for headers whose grammar is a comma-separated list (<c>Via</c>, <c>Contact</c>,
    /// <c>Route</c>, …). Only those are split at commas when their values are enumerated;
    /// <c>WWW-Authenticate</c> or <c>Date</c>, whose values contain commas, are not.
    /// </summary>
    public static bool IsList(SipHeaderId id) => (uint)id < IdCount && ListHeaders[(int)id];

    /// <summary>Identifies a header name (case-insensitive, compact forms included).</summary>
    public static SipHeaderId Identify(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1)
        {
            var c = (uint)((name[0] | 0x20) - 'a');
            return c < 26 ? Compact[c] : SipHeaderId.Unknown;
        }

        if ((uint)name.Length >= (uint)ByLength.Length)
        {
            return SipHeaderId.Unknown;
        }

        var first = (byte)(name[0] | 0x20);
        foreach (var (candidate, id) in ByLength[name.Length])
        {
            if (candidate[0] == first && System.Text.Ascii.EqualsIgnoreCase(candidate, name))
            {
                return id;
            }
        }

        return SipHeaderId.Unknown;
    }

    /// <summary>Identifies a header name given as a string.</summary>
    public static SipHeaderId Identify(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> buffer = stackalloc byte[64];
        if (name.Length > buffer.Length || !System.Text.Ascii.IsValid(name))
        {
            return SipHeaderId.Unknown;
        }

        var count = Encoding.ASCII.GetBytes(name, buffer);
        return Identify(buffer[..count]);
    }
}
