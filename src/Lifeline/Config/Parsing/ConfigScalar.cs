namespace Lifeline.Config.Parsing;

/// <summary>A scalar as written: its text, and whether it was plain (unquoted).</summary>
internal sealed class ConfigScalar(string value, bool isPlain, int line, int column) : ConfigNode(line, column)
{
    public string Value { get; } = value;

    public bool IsPlain { get; } = isPlain;

    /// <summary>True for an empty plain value, <c>~</c> or <c>null</c>: the key then takes its default.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "nothing" : ConfigText.Quote(Value);
}
