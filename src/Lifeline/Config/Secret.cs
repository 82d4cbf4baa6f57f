namespace Lifeline.Config;

/// <summary>
/// A password or token from the configuration. It prints as <c>***</c> everywhere (records that
/// hold one print it redacted in their generated ToString), so it cannot leak into a log by accident;
/// the value is read only through <see cref="Reveal"/>, where it is sent.
/// </summary>
internal sealed class Secret(string value) : IEquatable<Secret>
{
    private const string Redacted = "***";
    private readonly string _value = value;

    /// <summary>The secret itself: call this only where it is used (digest response, token check).</summary>
    public string Reveal() => _value;

    public int Length => _value.Length;

    public override string ToString() => Redacted;

    public bool Equals(Secret? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as Secret);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
}
