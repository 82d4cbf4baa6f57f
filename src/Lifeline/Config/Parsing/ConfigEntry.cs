namespace Lifeline.Config.Parsing;

/// <summary>One key and its value in a mapping.</summary>
internal sealed record ConfigEntry(ConfigScalar Key, ConfigNode Value);
