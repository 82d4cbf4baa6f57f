namespace Lifeline.Config.Parsing;

/// <summary>A YAML mapping, entries in file order; duplicate keys are kept so they can be reported.</summary>
internal sealed class ConfigMapping(IReadOnlyList<ConfigEntry> entries, int line, int column) : ConfigNode(line, column)
{
    public IReadOnlyList<ConfigEntry> Entries { get; } = entries;

    public override string Describe() => "a mapping";
}
