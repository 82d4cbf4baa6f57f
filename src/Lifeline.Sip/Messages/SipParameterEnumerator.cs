using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Messages;

/// <summary>
/// Enumerates the <c>;name=value</c> parameters of a header value. Stops at the first
/// malformed parameter and sets <see cref="IsMalformed"/>.
/// </summary>
public struct SipParameterEnumerator
{
    private readonly ReadOnlyMemory<byte> _parameters;
    private int _position;

    internal SipParameterEnumerator(ReadOnlyMemory<byte> parameters)
    {
        _parameters = parameters;
        _position = 0;
        Current = default;
        IsMalformed = false;
    }

    /// <summary>The current parameter.</summary>
    public SipParameter Current { get; private set; }

    /// <summary>True when enumeration stopped at a malformed parameter.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Moves to the next parameter.</summary>
    public bool MoveNext()
    {
        var step = SipParameterReader.Next(_parameters.Span, ref _position, out var ns, out var nl, out var vs, out var vl, out var hasValue);
        if (step == SipParameterStep.Parameter)
        {
            Current = new SipParameter(new SipText(_parameters.Slice(ns, nl)), new SipText(_parameters.Slice(vs, vl)), hasValue);
            return true;
        }

        IsMalformed = step == SipParameterStep.Malformed;
        return false;
    }

    /// <summary>Enables <c>foreach</c>.</summary>
    public readonly SipParameterEnumerator GetEnumerator() => this;
}
