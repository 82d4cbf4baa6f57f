namespace Lifeline.Sip.Uris;

/// <summary>A URI header (<c>?name=value</c>), unescaped.</summary>
public readonly record struct SipUriHeader(string Name, string Value)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}={Value}";
}
