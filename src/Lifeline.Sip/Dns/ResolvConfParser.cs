using System.Globalization;
using System.Net;

namespace Lifeline.Sip.Dns;

/// <summary>Reads the parts of resolv.conf(5) this client uses.</summary>
internal static class ResolvConfParser
{
    private const int MaxTimeoutSeconds = 30;
    private const int MaxAttempts = 5;

    public static DnsClientOptions Parse(string text, DnsClientOptions defaults)
    {
        var servers = new List<IPEndPoint>();
        var timeout = defaults.Timeout;
        var attempts = defaults.Attempts;

        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine;
            var comment = line.IndexOfAny(['#', ';']);
            if (comment >= 0)
            {
                line = line[..comment];
            }

            var words = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2)
            {
                continue;
            }

            if (words[0] == "nameserver")
            {
                // A scoped IPv6 address ("fe80::1%eth0") parses with its scope, which a socket needs.
                if (IPAddress.TryParse(words[1], out var address))
                {
                    servers.Add(new IPEndPoint(address, DnsClientOptions.DefaultPort));
                }
            }
            else if (words[0] == "options")
            {
                for (var i = 1; i < words.Length; i++)
                {
                    if (TryOption(words[i], "timeout:", out var seconds) && seconds > 0)
                    {
                        timeout = TimeSpan.FromSeconds(Math.Min(seconds, MaxTimeoutSeconds));
                    }
                    else if (TryOption(words[i], "attempts:", out var count) && count > 0)
                    {
                        attempts = Math.Min(count, MaxAttempts);
                    }
                }
            }
        }

        if (servers.Count == 0)
        {
            servers.Add(new IPEndPoint(IPAddress.Loopback, DnsClientOptions.DefaultPort));
        }

        return defaults with { Servers = servers, Timeout = timeout, Attempts = attempts };
    }

    private static bool TryOption(string word, string prefix, out int value)
    {
        value = 0;
        return word.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(word.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
