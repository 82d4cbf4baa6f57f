namespace Lifeline.Config.Parsing;

/// <summary>
/// A node of the YAML tree with its position (1-based line and column). Lifeline builds its own
/// small tree from the parser's events, rather than YamlDotNet's representation model, so that
/// duplicate keys are kept (and all reported) instead of failing the whole parse at the first one.
/// </summary>
internal abstract class ConfigNode(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>How the node reads in "got …" of an error message.</summary>
    public abstract string Describe();
}
