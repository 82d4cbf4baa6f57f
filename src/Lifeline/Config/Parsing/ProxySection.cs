using System.Net;

namespace Lifeline.Config.Parsing;

/// <summary>Reads <c>proxy:</c>, the failover proxy's listeners, access list, dial plan and pinned routes.</summary>
internal static class ProxySection
{
    public static readonly string[] Keys = ["listen", "allow", "record_route", "max_forwards", "normalize", "routes", "cdr"];

    private static readonly string[] NormalizeKeys = ["match", "length", "strip", "prepend"];
    private static readonly string[] RouteKeys = ["prefix", "length", "trunks"];
    private static readonly string[] CdrKeys = ["enabled", "path"];

    public static ProxyConfig Parse(MappingReader m, IReadOnlyList<TrunkConfig> trunks, HttpConfig http)
    {
        var listen = m.List("listen", new ProxyConfig { Allow = [] }.Listen, "a listening address like udp:127.0.0.1:5060", AddressText.TryParseProxyListen);
        if (m.Node("listen") is ConfigSequence { Items.Count: 0 })
        {
            m.Error("listen", "the list is empty: give at least one address like udp:127.0.0.1:5060");
        }

        CheckListen(m, listen, http);
        var allow = ParseAllow(m);
        var cdr = m.Mapping("cdr", CdrKeys);
        return new ProxyConfig
        {
            Listen = listen,
            Allow = allow,
            RecordRoute = m.Bool("record_route", true),
            MaxForwards = m.Int("max_forwards", 70, 1, 255),
            Normalize = ParseNormalize(m),
            Routes = ParseRoutes(m, trunks),
            Cdr = new CdrConfig
            {
                Enabled = cdr.Bool("enabled", true),
                Path = cdr.OptionalString("path") is { } path ? m.Context.ResolvePath(path) : null,
            },
        };
    }

    private static void CheckListen(MappingReader m, IReadOnlyList<ProxyListen> listen, HttpConfig http)
    {
        if (m.Node("listen") is not ConfigSequence sequence || sequence.Items.Count != listen.Count)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < listen.Count; i++)
        {
            var path = ConfigContext.Index(m.PathOf("listen"), i);
            if (!seen.Add(listen[i].ToString()))
            {
                m.Context.Error(sequence.Items[i], path, $"{listen[i]} is listed twice");
            }
            else if (listen[i].Transport == ListenTransport.Tcp && listen[i].EndPoint.Equals(http.Listen))
            {
                m.Context.Error(sequence.Items[i], path, $"{listen[i]} is also http.listen; SIP over TCP and HTTP need different ports");
            }
        }
    }

    private static IReadOnlyList<IPNetwork> ParseAllow(MappingReader m)
    {
        const string Why = "list the addresses or networks of your dialers (like [ 127.0.0.1/32, 10.0.0.0/24 ]): a proxy that relays calls from anyone is an open relay, and an open relay is toll fraud";
        if (!m.Has("allow"))
        {
            m.Missing("allow", Why);
            return [];
        }

        var allow = m.List<IPNetwork>("allow", [], "an address or network like 10.0.0.0/24", AddressText.TryParseNetwork,
            n => n.PrefixLength == 0 ? $"a narrower network than {n} (that allows the whole internet: an open relay is toll fraud)" : null);
        if (m.Node("allow") is ConfigSequence { Items.Count: 0 })
        {
            m.Error("allow", "the list is empty: " + Why);
        }

        return allow;
    }

    private static IReadOnlyList<NormalizeRule> ParseNormalize(MappingReader m)
    {
        var sequence = m.Sequence("normalize", "a list of rules like { match: \"9\", strip: 1, prepend: \"+1\" }");
        if (sequence is null)
        {
            return [];
        }

        var rules = new List<NormalizeRule>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = sequence.Items[i];
            var r = m.Context.Map(item, ConfigContext.Index(m.PathOf("normalize"), i), item, NormalizeKeys);
            var rule = new NormalizeRule
            {
                Match = r.Value("match", string.Empty, "a prefix of digits (and + * #) like 9", ParseDialString),
                Length = r.OptionalInt("length", 1, 32),
                Strip = r.Int("strip", 0, 0, 32),
                Prepend = r.Value("prepend", string.Empty, "digits, optionally after a +, like +1", ParseDialString),
            };
            if (rule.Length is { } length && length < rule.Match.Length)
            {
                r.Error("length", $"length ({length}) is shorter than match ({ConfigText.Quote(rule.Match)}): the rule can never apply");
            }
            else if (rule.Strip > (rule.Length ?? int.MaxValue))
            {
                r.Error("strip", $"strip ({rule.Strip}) removes more than the whole number (length {rule.Length})");
            }

            rules.Add(rule);
        }

        return rules;
    }

    private static IReadOnlyList<RoutePin> ParseRoutes(MappingReader m, IReadOnlyList<TrunkConfig> trunks)
    {
        var sequence = m.Sequence("routes", "a list of pins like { prefix: \"911\", trunks: [primary] }");
        if (sequence is null)
        {
            return [];
        }

        var known = trunks.Select(t => t.Name).ToArray();
        var pins = new List<RoutePin>();
        var prefixes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = sequence.Items[i];
            var r = m.Context.Map(item, ConfigContext.Index(m.PathOf("routes"), i), item, RouteKeys);
            if (!r.IsPresent)
            {
                continue;
            }

            var prefix = r.Value<string?>("prefix", null, "a prefix of digits like 911", (string t, out string? v, out string? h) =>
            {
                var ok = ParseDialString(t, out var s, out h);
                v = s;
                return ok && s.Length > 0;
            });
            if (prefix is null && !r.Has("prefix"))
            {
                r.Missing("prefix", "the dialed-number prefix this pin applies to, like 911");
            }
            var length = r.OptionalInt("length", 1, 15);
            if (prefix is not null && length is { } exact && exact < prefix.Length)
            {
                r.Error("length", $"length {exact} is shorter than the prefix {ConfigText.Quote(prefix)}: no number could match");
            }
            else if (prefix is not null && !prefixes.TryAdd(prefix + "#" + length, r.Node("prefix")!.Line))
            {
                r.Error("prefix", $"prefix {ConfigText.Quote(prefix)} is pinned twice (first at line {prefixes[prefix + "#" + length]})");
            }

            if (!r.Has("trunks"))
            {
                r.Missing("trunks", "the trunks to use for this prefix, in order");
            }

            var names = r.List<string>("trunks", [], $"the name of a configured trunk ({string.Join(", ", known)})", (string t, out string v, out string? h) =>
            {
                v = t.Trim();
                h = KeySuggestion.Nearest(v, known) is { } near ? $"did you mean {near}?" : null;
                return known.Contains(v, StringComparer.Ordinal);
            });
            if (r.Node("trunks") is ConfigSequence { Items.Count: 0 })
            {
                r.Error("trunks", "the list is empty: pin at least one trunk");
            }

            pins.Add(new RoutePin { Prefix = prefix ?? string.Empty, Trunks = names, Length = length });
        }

        return pins;
    }

    private static bool ParseDialString(string text, out string value, out string? hint)
    {
        value = text.Trim();
        hint = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!(char.IsAsciiDigit(c) || c is '*' or '#' || (c == '+' && i == 0)))
            {
                return false;
            }
        }

        return true;
    }
}
