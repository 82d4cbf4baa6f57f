using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Messages;

/// <summary>Enumerates the comma-separated <c>name=value</c> parameters of a challenge or credentials.</summary>
public struct SipAuthParameterEnumerator
{
    private readonly ReadOnlyMemory<byte> _parameters;
    private int _position;

    internal SipAuthParameterEnumerator(ReadOnlyMemory<byte> parameters)
    {
        _parameters = parameters;
        _position = 0;
        Current = default;
    }

    /// <summary>The current parameter (its value keeps quotes; use <see cref="SipParameter.GetValue"/>).</summary>
    public SipParameter Current { get; private set; }

    /// <summary>Moves to the next parameter; false at the end or at a malformed parameter.</summary>
    public bool MoveNext()
    {
        if (SipAuthReader.Next(_parameters.Span, ref _position, out var ns, out var nl, out var vs, out var vl) != SipParameterStep.Parameter)
        {
            return false;
        }

        Current = new SipParameter(new SipText(_parameters.Slice(ns, nl)), new SipText(_parameters.Slice(vs, vl)), hasValue: true);
        return true;
    }

    /// <summary>Enables <c>foreach</c>.</summary>
    public readonly SipAuthParameterEnumerator GetEnumerator() => this;
}
