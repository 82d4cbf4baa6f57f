namespace Lifeline.Config.Parsing;

/// <summary>Reads <c>probing:</c>, at the top level (defaults) or in a trunk (overrides on top of the defaults).</summary>
internal static class ProbingSection
{
    public static readonly string[] TrunkKeys =
        ["enabled", "interval", "fast_interval", "timeout", "timeout_cap", "timeout_floor", "transport", "from_user", "from_domain", "alive_codes", "crlf_keepalive"];

    public static readonly string[] GlobalKeys = [.. TrunkKeys, "max_rate"];

    public static readonly IReadOnlyDictionary<string, string> TrunkNotes = new Dictionary<string, string>
    {
        ["max_rate"] = "max_rate is a global cap on all probes: set it in the top-level probing: section",
    };

    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);

    public static ProbingConfig Parse(MappingReader m, ProbingConfig basis, bool global)
    {
        var result = basis with
        {
            Enabled = m.Bool("enabled", basis.Enabled),
            Interval = m.Duration("interval", basis.Interval, MinInterval, MaxInterval),
            FastInterval = m.Duration("fast_interval", basis.FastInterval, MinInterval, MaxInterval),
            Timeout = m.Timeout("timeout", basis.Timeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1)),
            TimeoutCap = m.Duration("timeout_cap", basis.TimeoutCap, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1)),
            TimeoutFloor = m.Duration("timeout_floor", basis.TimeoutFloor, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1)),
            Transport = m.Enum("transport", basis.Transport),
            FromUser = m.Value("from_user", basis.FromUser, "a SIP user name like lifeline", ParseUser),
            FromDomain = m.Value("from_domain", basis.FromDomain, "a host name or IP address", ParseDomain),
            AliveCodes = StatusCodes(m, "alive_codes", basis.AliveCodes, 100, 699, allowAny: true),
            MaxRate = global ? m.Number("max_rate", basis.MaxRate, 0, 100_000, minExclusive: true) : basis.MaxRate,
            CrlfKeepalive = m.DurationOrOff("crlf_keepalive", basis.CrlfKeepalive, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
        };

        // At the top level check always; in a trunk only what the trunk itself changes, so a bad
        // default is reported once, not once per trunk.
        if ((global || m.Has("fast_interval") || m.Has("interval")) && result.FastInterval > result.Interval)
        {
            m.Error(m.Has("fast_interval") ? "fast_interval" : "interval",
                $"fast_interval ({DurationText.Format(result.FastInterval)}) must not be longer than interval ({DurationText.Format(result.Interval)}): it is the faster rate used while a target is in trouble");
        }

        if ((global || m.Has("timeout_floor") || m.Has("timeout_cap")) && result.TimeoutFloor > result.TimeoutCap)
        {
            m.Error(m.Has("timeout_floor") ? "timeout_floor" : "timeout_cap",
                $"timeout_floor ({DurationText.Format(result.TimeoutFloor)}) must not be above timeout_cap ({DurationText.Format(result.TimeoutCap)})");
        }

        return result;
    }

    /// <summary><c>any</c> (when allowed) or a list of codes and ranges like <c>[200-299, 404]</c>.</summary>
    public static StatusCodeSet StatusCodes(MappingReader m, string key, StatusCodeSet fallback, int min, int max, bool allowAny)
    {
        var node = m.Node(key);
        if (node is null)
        {
            return fallback;
        }

        var path = m.PathOf(key);
        var element = $"a SIP status code from {min} to {max} or a range like {min}-{min + 99}";
        if (node is ConfigScalar scalar)
        {
            var text = m.Context.Text(scalar, path);
            if (text is null)
            {
                return fallback;
            }

            if (allowAny && text.Trim() == "any")
            {
                return StatusCodeSet.Any;
            }

            m.Context.Error(node, path, $"expected {(allowAny ? "any, or " : string.Empty)}a list of status codes and ranges like [{min}-{min + 99}, 404], got {ConfigText.Quote(text)}");
            return fallback;
        }

        var ranges = m.List<StatusCodeRange>(key, [], element, (string t, out StatusCodeRange r, out string? h) =>
        {
            h = null;
            return StatusCodeSet.TryParseRange(t, min, max, out r);
        });
        if (ranges.Count == 0)
        {
            if (node is ConfigSequence { Items.Count: 0 })
            {
                m.Error(key, allowAny ? "the list is empty: write any, or list at least one code" : "the list is empty: list at least one code");
            }

            return fallback;
        }

        return StatusCodeSet.FromRanges(ranges);
    }

    private static bool ParseUser(string text, out string value, out string? hint)
    {
        value = text.Trim();
        hint = null;
        return value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_.!~*'()&=+$,;?/".Contains(c, StringComparison.Ordinal));
    }

    private static bool ParseDomain(string text, out string? value, out string? hint)
    {
        var ok = AddressText.TryParseGateway("sip:" + text.Trim(), out _, out hint);
        value = text.Trim();
        return ok && !value.Contains('@', StringComparison.Ordinal) && !value.Contains(';', StringComparison.Ordinal);
    }
}
