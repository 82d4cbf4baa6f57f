namespace Lifeline.Config.Parsing;

/// <summary>Parses a scalar's text; <paramref name="hint"/> may add a word on why it failed.</summary>
internal delegate bool ValueParser<T>(string text, out T value, out string? hint);
