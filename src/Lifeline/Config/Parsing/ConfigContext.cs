using System.Globalization;

namespace Lifeline.Config.Parsing;

/// <summary>
/// State of one load: the file name for messages, the folder relative paths are resolved against,
/// the environment for <c>${NAME}</c>, and the errors collected so far. Readers record an error and
/// carry on with the default, so one pass reports every problem.
/// </summary>
internal sealed class ConfigContext(string fileName, string baseDirectory, Func<string, string?> environment)
{
    private readonly List<ConfigError> _errors = [];

    public string FileName { get; } = fileName;

    public string BaseDirectory { get; } = baseDirectory;

    public IReadOnlyList<ConfigError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public int ErrorCount => _errors.Count;

    public static string Child(string path, string key) => path.Length == 0 ? key : path + "." + key;

    public static string Index(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    public void Error(ConfigNode node, string path, string message) => _errors.Add(new ConfigError(FileName, node.Line, node.Column, path, message));

    public void Error(string file, int line, int column, string path, string message) => _errors.Add(new ConfigError(file, line, column, path, message));

    /// <summary>A path from the file, made absolute against the configuration file's folder.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(Path.Combine(BaseDirectory, path));

    /// <summary>The scalar's text with <c>${NAME}</c> expanded, or null after recording an error.</summary>
    public string? Text(ConfigScalar scalar, string path)
    {
        var (value, error) = EnvSubstitution.Expand(scalar.Value, environment);
        if (error is not null)
        {
            Error(scalar, path, error);
            return null;
        }

        return value;
    }

    /// <summary>
    /// Parses one scalar node. On failure records <c>expected …, got "…"</c> at the node and returns
    /// false. <paramref name="check"/> returns what was expected when a parsed value is out of range.
    /// </summary>
    public bool TryParse<T>(ConfigNode node, string path, string expected, ValueParser<T> parse, Func<T, string?>? check, bool secret, out T value)
    {
        value = default!;
        if (node is not ConfigScalar scalar)
        {
            Error(node, path, $"expected {expected}, got {node.Describe()}");
            return false;
        }

        var text = Text(scalar, path);
        if (text is null)
        {
            return false;
        }

        var shown = secret ? "a value (not shown: it is a secret)" : ConfigText.Quote(text);
        if (!parse(text, out value, out var hint))
        {
            Error(node, path, $"expected {expected}, got {shown}" + (hint is null ? string.Empty : $" ({hint})"));
            return false;
        }

        if (check?.Invoke(value) is { } expectedInRange)
        {
            Error(node, path, $"expected {expectedInRange}, got {shown}");
            return false;
        }

        return true;
    }

    /// <summary>A reader over a mapping node; a missing or null node reads as an empty mapping (all defaults).</summary>
    public MappingReader Map(ConfigNode? node, string path, ConfigNode anchor, IReadOnlyList<string> keys, IReadOnlyDictionary<string, string>? notes = null)
        => new(this, node, path, anchor, keys, notes);
}
