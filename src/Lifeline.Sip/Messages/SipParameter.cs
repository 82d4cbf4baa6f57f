using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Messages;

/// <summary>One <c>;name=value</c> parameter of a header value.</summary>
public readonly struct SipParameter
{
    internal SipParameter(SipText name, SipText value, bool hasValue)
    {
        Name = name;
        Value = value;
        HasValue = hasValue;
    }

    /// <summary>The name as written.</summary>
    public SipText Name { get; }

    /// <summary>The value as written (a quoted string keeps its quotes); empty when there is none.</summary>
    public SipText Value { get; }

    /// <summary>True when the parameter has <c>=value</c>.</summary>
    public bool HasValue { get; }

    /// <summary>The value with quotes and escapes removed.</summary>
    public string GetValue() => SipQuoting.Unquote(Value.Span);

    /// <inheritdoc />
    public override string ToString() => HasValue ? $"{Name}={Value}" : Name.ToString();
}
