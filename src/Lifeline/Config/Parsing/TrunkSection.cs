using System.Text.RegularExpressions;

namespace Lifeline.Config.Parsing;

/// <summary>Reads <c>trunks:</c>: each trunk, its overrides merged onto the top-level probing and health.</summary>
internal static partial class TrunkSection
{
    public static readonly string[] Keys =
    [
        "name", "gateways", "priority", "enabled", "probing", "health", "registration", "auth", "limits", "rates",
        "failover_codes", "ring_limit", "progress_timeout", "invite_timeout", "failover_after_ringing",
    ];

    private static readonly string[] RegistrationKeys = ["user", "auth_user", "password", "domain", "expires", "refresh_margin"];
    private static readonly string[] AuthKeys = ["username", "password", "realm"];
    private static readonly string[] LimitKeys = ["max_calls", "max_cps"];

    public static IReadOnlyList<TrunkConfig> ParseAll(MappingReader root, ProbingConfig probing, HealthConfig health)
    {
        var context = root.Context;
        var sequence = root.Sequence("trunks", "a list of trunks, each with a name and gateways");
        if (sequence is null)
        {
            if (!root.Has("trunks"))
            {
                root.Missing("trunks", "a list of carrier trunks, each with a name and gateways");
            }

            return [];
        }

        if (sequence.Items.Count == 0)
        {
            root.Error("trunks", "the list is empty: configure at least one trunk");
            return [];
        }

        var trunks = new List<TrunkConfig>();
        var names = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = sequence.Items[i];
            var path = ConfigContext.Index("trunks", i);
            var m = context.Map(item, path, item, Keys);
            if (!m.IsPresent)
            {
                if (item is not ConfigMapping)
                {
                    // Already reported when not a mapping; an empty item is reported here.
                    if (item is ConfigScalar { IsNull: true })
                    {
                        context.Error(item, path, "empty trunk: a trunk needs at least a name and gateways");
                    }
                }

                continue;
            }

            var trunk = Parse(m, probing, health);
            if (trunk is null)
            {
                continue;
            }

            if (names.TryGetValue(trunk.Name, out var first))
            {
                context.Error(m.Node("name")!, m.PathOf("name"), $"duplicate trunk name {ConfigText.Quote(trunk.Name)} (first used at line {first.Line}); trunk names must be unique");
            }
            else
            {
                names.Add(trunk.Name, m.Node("name")!);
            }

            trunks.Add(trunk);
        }

        return trunks;
    }

    private static TrunkConfig? Parse(MappingReader m, ProbingConfig probing, HealthConfig health)
    {
        var name = m.Value<string?>("name", null, "a trunk name of a-z, 0-9, _ and - (like primary)", ParseName);
        if (name is null && !m.Has("name"))
        {
            m.Missing("name", "a unique name of a-z, 0-9, _ and -, like primary");
        }

        var gateways = ParseGateways(m);
        var trunk = new TrunkConfig
        {
            Name = name ?? string.Empty,
            Gateways = gateways,
            Priority = m.Int("priority", 100, 0, 1_000_000),
            Enabled = m.Bool("enabled", true),
            EffectiveProbing = ProbingSection.Parse(m.Mapping("probing", ProbingSection.TrunkKeys, ProbingSection.TrunkNotes), probing, global: false),
            EffectiveHealth = HealthSection.Parse(m.Mapping("health", HealthSection.Keys), health, global: false),
            Registration = ParseRegistration(m),
            Auth = ParseAuth(m),
            Limits = ParseLimits(m.Mapping("limits", LimitKeys)),
            Rates = RatesSection.Parse(m),
            FailoverCodes = ProbingSection.StatusCodes(m, "failover_codes", StatusCodeSet.DefaultFailover, 400, 699, allowAny: false),
            RingLimit = m.DurationOrOff("ring_limit", null, TimeSpan.FromSeconds(1), TimeSpan.FromHours(4)),
            ProgressTimeout = m.DurationOrOff("progress_timeout", TrunkConfig.DefaultProgressTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)),
            InviteTimeout = m.Timeout("invite_timeout", TimeoutSetting.Auto, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1)),
            FailoverAfterRinging = m.Bool("failover_after_ringing", false),
        };

        if (trunk.RingLimit is { } ring && !trunk.InviteTimeout.IsAuto && trunk.InviteTimeout.Fixed >= ring)
        {
            m.Error("invite_timeout", $"invite_timeout ({trunk.InviteTimeout}) must be shorter than ring_limit ({DurationText.Format(ring)})");
        }

        if (trunk.ProgressTimeout is { } progress && !trunk.InviteTimeout.IsAuto && trunk.InviteTimeout.Fixed >= progress)
        {
            m.Error("invite_timeout", $"invite_timeout ({trunk.InviteTimeout}) must be shorter than progress_timeout ({DurationText.Format(progress)})");
        }

        return name is null ? null : trunk;
    }

    private static IReadOnlyList<string> ParseGateways(MappingReader m)
    {
        if (!m.Has("gateways"))
        {
            m.Missing("gateways", "a list of sip: URIs like [ \"sip:203.0.113.10:5060\" ]");
            return [];
        }

        var list = m.List<string>("gateways", [], "a gateway URI like sip:203.0.113.10:5060", (string t, out string v, out string? h) =>
        {
            v = t.Trim();
            return AddressText.TryParseGateway(v, out _, out h);
        });
        if (list.Count == 0 && m.Node("gateways") is ConfigSequence { Items.Count: 0 })
        {
            m.Error("gateways", "the list is empty: a trunk needs at least one gateway");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < list.Count; i++)
        {
            if (!seen.Add(list[i]))
            {
                var node = ((ConfigSequence)m.Node("gateways")!).Items[i];
                m.Context.Error(node, ConfigContext.Index(m.PathOf("gateways"), i), $"gateway {ConfigText.Quote(list[i])} is listed twice");
            }
        }

        return list;
    }

    private static RegistrationConfig? ParseRegistration(MappingReader trunk)
    {
        if (!trunk.Has("registration"))
        {
            return null;
        }

        var m = trunk.Mapping("registration", RegistrationKeys);
        if (!m.IsPresent)
        {
            return null;
        }

        var user = m.OptionalString("user");
        if (!m.Has("user"))
        {
            m.Missing("user", "the user to register, as the carrier gave it");
        }

        var result = new RegistrationConfig
        {
            User = user ?? string.Empty,
            AuthUser = m.OptionalString("auth_user"),
            Password = m.Secret("password"),
            Domain = m.OptionalString("domain"),
            Expires = m.Value("expires", TimeSpan.FromHours(1), "seconds like 3600, or a duration like 1h", ParseSecondsOrDuration,
                v => v < TimeSpan.FromSeconds(60) || v > TimeSpan.FromDays(1) ? "seconds from 60 to 86400" : null),
            RefreshMargin = m.Duration("refresh_margin", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
        };
        if (result.RefreshMargin >= result.Expires)
        {
            m.Error("refresh_margin", $"refresh_margin ({DurationText.Format(result.RefreshMargin)}) must be shorter than expires ({DurationText.Format(result.Expires)})");
        }

        return result;
    }

    private static AuthConfig? ParseAuth(MappingReader trunk)
    {
        var m = trunk.Mapping("auth", AuthKeys);
        if (!m.IsPresent)
        {
            return null;
        }

        var username = m.OptionalString("username");
        var password = m.Secret("password");
        if (!m.Has("username"))
        {
            m.Missing("username", "the digest username the carrier gave you");
        }

        if (!m.Has("password"))
        {
            m.Missing("password", "the digest password; write it as ${ENV_VAR} to keep it out of the file");
        }

        return username is null || password is null ? null : new AuthConfig { Username = username, Password = password, Realm = m.OptionalString("realm") };
    }

    private static LimitsConfig ParseLimits(MappingReader m) => new()
    {
        MaxCalls = m.OptionalInt("max_calls", 1, 1_000_000),
        MaxCps = m.OptionalNumber("max_cps", 0, 100_000, minExclusive: true),
    };

    private static bool ParseName(string text, out string? value, out string? hint)
    {
        value = text;
        hint = null;
        if (NamePattern().IsMatch(text))
        {
            return true;
        }

        if (NamePattern().IsMatch(text.ToLowerInvariant()))
        {
            hint = $"lowercase only: {text.ToLowerInvariant()}";
        }

        return false;
    }

    private static bool ParseSecondsOrDuration(string text, out TimeSpan value, out string? hint)
    {
        if (int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            hint = null;
            return true;
        }

        return DurationText.TryParse(text, out value, out hint);
    }

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();
}
