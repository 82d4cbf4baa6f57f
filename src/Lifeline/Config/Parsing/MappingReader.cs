using System.Globalization;

namespace Lifeline.Config.Parsing;

/// <summary>
/// Reads one mapping with a known set of keys. Unknown keys (with a "did you mean" suggestion) and
/// duplicate keys are reported as soon as the reader is made; each getter then returns the value or,
/// after recording an error, the default. A key with an empty value (<c>key:</c>, <c>~</c>, <c>null</c>)
/// takes its default.
/// </summary>
internal sealed class MappingReader
{
    private readonly ConfigContext _context;
    private readonly Dictionary<string, ConfigEntry> _entries = new(StringComparer.Ordinal);

    public MappingReader(ConfigContext context, ConfigNode? node, string path, ConfigNode anchor, IReadOnlyList<string> keys, IReadOnlyDictionary<string, string>? notes)
    {
        _context = context;
        Path = path;
        Anchor = node ?? anchor;
        if (node is null || node is ConfigScalar { IsNull: true })
        {
            return;
        }

        if (node is not ConfigMapping mapping)
        {
            context.Error(node, path, $"expected a mapping with keys like {string.Join(", ", keys.Take(4))}, got {node.Describe()}");
            return;
        }

        IsPresent = true;
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            var keyPath = ConfigContext.Child(path, key);
            if (path.Length == 0 && key.StartsWith("x-", StringComparison.Ordinal))
            {
                // Top-level x-… keys are the user's own: a place for &anchors to merge into trunks.
                continue;
            }

            if (!keys.Contains(key, StringComparer.Ordinal))
            {
                if (notes is not null && notes.TryGetValue(key, out var note))
                {
                    context.Error(entry.Key, keyPath, note);
                }
                else
                {
                    var nearest = KeySuggestion.Nearest(key, keys);
                    var where = path.Length == 0 ? "at the top level" : $"in {path}";
                    context.Error(entry.Key, keyPath, nearest is not null
                        ? $"unknown key {ConfigText.Quote(key)} {where} (did you mean {ConfigText.Quote(nearest)}?)"
                        : $"unknown key {ConfigText.Quote(key)} {where}; known keys: {string.Join(", ", keys)}");
                }

                continue;
            }

            if (_entries.TryGetValue(key, out var first))
            {
                context.Error(entry.Key, keyPath, $"duplicate key {ConfigText.Quote(key)} (first set at line {first.Key.Line}); each key may appear once");
                continue;
            }

            _entries.Add(key, entry);
        }
    }

    public string Path { get; }

    /// <summary>Where errors about the mapping as a whole (a missing required key) are reported.</summary>
    public ConfigNode Anchor { get; }

    /// <summary>False when the section was absent or empty.</summary>
    public bool IsPresent { get; }

    public ConfigContext Context => _context;

    public string PathOf(string key) => ConfigContext.Child(Path, key);

    /// <summary>The value node of a key that is present with a non-empty value.</summary>
    public ConfigNode? Node(string key)
        => _entries.TryGetValue(key, out var entry) && entry.Value is not ConfigScalar { IsNull: true } ? entry.Value : null;

    /// <summary>The key node itself (for messages about the key rather than its value).</summary>
    public ConfigScalar? KeyNode(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key : null;

    public bool Has(string key) => Node(key) is not null;

    /// <summary>Records an error about a key, at its value if present, else at the mapping.</summary>
    public void Error(string key, string message) => _context.Error(Node(key) ?? Anchor, PathOf(key), message);

    /// <summary>Records "missing required key" at the mapping.</summary>
    public void Missing(string key, string what) => _context.Error(Anchor, PathOf(key), $"missing required key {key} ({what})");

    public T Value<T>(string key, T fallback, string expected, ValueParser<T> parse, Func<T, string?>? check = null, bool secret = false)
    {
        var node = Node(key);
        if (node is null)
        {
            return fallback;
        }

        return _context.TryParse(node, PathOf(key), expected, parse, check, secret, out var value) ? value : fallback;
    }

    public TimeSpan Duration(string key, TimeSpan fallback, TimeSpan min, TimeSpan max)
        => Value(key, fallback, "a duration like 5s or 500ms", DurationText.TryParse, v => DurationRange(v, min, max));

    /// <summary>A duration, or <c>off</c> (null).</summary>
    public TimeSpan? DurationOrOff(string key, TimeSpan? fallback, TimeSpan min, TimeSpan max)
        => Value(key, fallback, "a duration like 30s, or off", ParseDurationOrOff, v => v is { } d ? DurationRange(d, min, max) : null);

    public TimeoutSetting Timeout(string key, TimeoutSetting fallback, TimeSpan min, TimeSpan max)
        => Value(key, fallback, "auto or a duration like 2s", ParseTimeout, v => v.IsAuto ? null : DurationRange(v.Fixed, min, max));

    public int Int(string key, int fallback, int min, int max)
        => Value(key, fallback, "a whole number", ParseInt, v => v < min || v > max ? Range("a whole number", min, max) : null);

    public int? OptionalInt(string key, int min, int max)
        => Value<int?>(key, null, "a whole number", (string t, out int? v, out string? h) =>
        {
            var ok = ParseInt(t, out var i, out h);
            v = i;
            return ok;
        }, v => v < min || v > max ? Range("a whole number", min, max) : null);

    public double Number(string key, double fallback, double min, double max, bool minExclusive = false)
        => Value(key, fallback, "a number", ParseDouble, v => OutOfRange(v, min, max, minExclusive) ? NumberRange(min, max, minExclusive) : null);

    public double? OptionalNumber(string key, double min, double max, bool minExclusive = false)
        => Value<double?>(key, null, "a number", (string t, out double? v, out string? h) =>
        {
            var ok = ParseDouble(t, out var d, out h);
            v = d;
            return ok;
        }, v => v is { } d && OutOfRange(d, min, max, minExclusive) ? NumberRange(min, max, minExclusive) : null);

    public bool Bool(string key, bool fallback) => Value(key, fallback, "true or false", ParseBool);

    public string String(string key, string fallback) => OptionalString(key) ?? fallback;

    public string? OptionalString(string key) => Value<string?>(key, null, "text", (string t, out string? v, out string? h) =>
    {
        v = t;
        h = null;
        return true;
    });

    public Secret? Secret(string key)
    {
        var text = Value<string?>(key, null, "text", (string t, out string? v, out string? h) =>
        {
            v = t;
            h = null;
            return true;
        }, secret: true);
        return text is null ? null : new Secret(text);
    }

    public TEnum Enum<TEnum>(string key, TEnum fallback)
        where TEnum : struct, Enum
    {
        var names = System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()).ToArray();
        return Value(key, fallback, ConfigText.OneOf(names), (string t, out TEnum v, out string? h) =>
        {
            h = null;
            var index = Array.IndexOf(names, t.Trim().ToLowerInvariant());
            if (index >= 0)
            {
                v = System.Enum.GetValues<TEnum>()[index];
                return true;
            }

            v = default;
            if (KeySuggestion.Nearest(t, names) is { } near)
            {
                h = $"did you mean {near}?";
            }

            return false;
        });
    }

    /// <summary>The sequence under a key; a non-list value is reported and reads as absent.</summary>
    public ConfigSequence? Sequence(string key, string expected)
    {
        var node = Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is ConfigSequence sequence)
        {
            return sequence;
        }

        _context.Error(node, PathOf(key), $"expected {expected}, got {node.Describe()}");
        return null;
    }

    /// <summary>A list of scalars; any bad element is reported at its own position and the default is kept.</summary>
    public IReadOnlyList<T> List<T>(string key, IReadOnlyList<T> fallback, string expectedElement, ValueParser<T> parse, Func<T, string?>? check = null)
    {
        var sequence = Sequence(key, $"a list [ … ], each item {expectedElement}");
        if (sequence is null)
        {
            return fallback;
        }

        var result = new List<T>(sequence.Items.Count);
        var ok = true;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (_context.TryParse(sequence.Items[i], ConfigContext.Index(PathOf(key), i), expectedElement, parse, check, secret: false, out var value))
            {
                result.Add(value);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? result : fallback;
    }

    /// <summary>A nested mapping; absent reads as empty, so every key takes its default.</summary>
    public MappingReader Mapping(string key, IReadOnlyList<string> keys, IReadOnlyDictionary<string, string>? notes = null)
        => new(_context, Node(key), PathOf(key), (ConfigNode?)KeyNode(key) ?? Anchor, keys, notes);

    public static bool ParseInt(string text, out int value, out string? hint)
    {
        hint = null;
        return int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool ParseDouble(string text, out double value, out string? hint)
    {
        hint = null;
        return double.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    public static bool ParseBool(string text, out bool value, out string? hint)
    {
        hint = null;
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                value = true;
                return true;
            case "false" or "no" or "off":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    private static bool ParseDurationOrOff(string text, out TimeSpan? value, out string? hint)
    {
        if (text.Trim() is "off")
        {
            value = null;
            hint = null;
            return true;
        }

        var ok = DurationText.TryParse(text, out var d, out hint);
        value = d;
        return ok;
    }

    private static bool ParseTimeout(string text, out TimeoutSetting value, out string? hint)
    {
        if (text.Trim() is "auto")
        {
            value = TimeoutSetting.Auto;
            hint = null;
            return true;
        }

        var ok = DurationText.TryParse(text, out var d, out hint);
        value = TimeoutSetting.Of(d);
        return ok;
    }

    private static string? DurationRange(TimeSpan value, TimeSpan min, TimeSpan max)
        => value < min || value > max ? $"a duration from {DurationText.Format(min)} to {DurationText.Format(max)}" : null;

    private static string Range(string what, int min, int max)
        => max == int.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"{what} of at least {min}")
            : string.Create(CultureInfo.InvariantCulture, $"{what} from {min} to {max}");

    private static bool OutOfRange(double value, double min, double max, bool minExclusive)
        => (minExclusive ? value <= min : value < min) || value > max;

    private static string NumberRange(double min, double max, bool minExclusive)
    {
        var low = minExclusive ? $"above {min.ToString(CultureInfo.InvariantCulture)}" : $"from {min.ToString(CultureInfo.InvariantCulture)}";
        return max == double.MaxValue
            ? (minExclusive ? $"a number {low}" : $"a number of at least {min.ToString(CultureInfo.InvariantCulture)}")
            : $"a number {low} to {max.ToString(CultureInfo.InvariantCulture)}";
    }
}
