namespace Lifeline.Sip.Uris;

/// <summary>A URI parameter, unescaped. <see cref="Value"/> is null for a parameter without <c>=value</c> (e.g. <c>lr</c>).</summary>
public readonly record struct SipUriParameter(string Name, string? Value)
{
    /// <inheritdoc />
    public override string ToString() => Value is null ? Name : $"{Name}={Value}";
}
