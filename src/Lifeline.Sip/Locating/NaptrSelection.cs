using Lifeline.Sip.Dns;

namespace Lifeline.Sip.Locating;

/// <summary>
/// Keeps the NAPTR records RFC 3263 section 4.1 lets a client use — terminal ("s" flag) records for
/// SIP+D2U, SIP+D2T or SIPS+D2T whose transport is enabled, only SIPS+D2T for a sips: URI — and orders
/// them by order, then preference.
/// </summary>
internal static class NaptrSelection
{
    public static List<NaptrChoice> Select(IReadOnlyList<DnsRecord> records, bool secure, IReadOnlyList<SipTransportKind> enabled)
    {
        var usable = new List<(DnsNaptrRecord Record, SipTransportKind Transport, int Index)>();
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i] is not DnsNaptrRecord naptr
                || !string.Equals(naptr.Flags, "s", StringComparison.OrdinalIgnoreCase)
                || naptr.Regexp.Length != 0
                || naptr.Replacement is "." or ""
                || !TryService(naptr.Services, out var transport)
                || (secure && transport != SipTransportKind.Tls)
                || !Contains(enabled, transport))
            {
                continue;
            }

            usable.Add((naptr, transport, i));
        }

        usable.Sort(static (x, y) =>
        {
            var byOrder = x.Record.Order.CompareTo(y.Record.Order);
            if (byOrder != 0)
            {
                return byOrder;
            }

            var byPreference = x.Record.Preference.CompareTo(y.Record.Preference);
            return byPreference != 0 ? byPreference : x.Index.CompareTo(y.Index);
        });

        var choices = new List<NaptrChoice>(usable.Count);
        foreach (var (record, transport, _) in usable)
        {
            var choice = new NaptrChoice(transport, record.Replacement);
            if (!choices.Contains(choice))
            {
                choices.Add(choice);
            }
        }

        return choices;
    }

    private static bool TryService(string services, out SipTransportKind transport)
    {
        if (string.Equals(services, "SIP+D2U", StringComparison.OrdinalIgnoreCase))
        {
            transport = SipTransportKind.Udp;
            return true;
        }

        if (string.Equals(services, "SIP+D2T", StringComparison.OrdinalIgnoreCase))
        {
            transport = SipTransportKind.Tcp;
            return true;
        }

        if (string.Equals(services, "SIPS+D2T", StringComparison.OrdinalIgnoreCase))
        {
            transport = SipTransportKind.Tls;
            return true;
        }

        transport = default;
        return false;
    }

    private static bool Contains(IReadOnlyList<SipTransportKind> enabled, SipTransportKind transport)
    {
        foreach (var t in enabled)
        {
            if (t == transport)
            {
                return true;
            }
        }

        return false;
    }
}
