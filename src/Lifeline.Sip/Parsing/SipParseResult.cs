using System.Diagnostics.CodeAnalysis;
using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Parsing;

/// <summary>The outcome of parsing: a message, or an error saying which part is wrong and why.</summary>
public readonly struct SipParseResult
{
    private SipParseResult(SipMessage? message, SipParseError error)
    {
        Message = message;
        Error = error;
    }

    /// <summary>The parsed message, or null on error.</summary>
    public SipMessage? Message { get; }

    /// <summary>The error, or a value with <see cref="SipParseError.IsError"/> false.</summary>
    public SipParseError Error { get; }

    /// <summary>True when a message was parsed.</summary>
    [MemberNotNullWhen(true, nameof(Message))]
    public bool Success => Message is not null;

    internal static SipParseResult Ok(SipMessage message) => new(message, default);

    internal static SipParseResult Fail(SipParseError error) => new(null, error);

    /// <summary>Deconstructs into the message, when there is one.</summary>
    public bool TryGetMessage([NotNullWhen(true)] out SipMessage? message)
    {
        message = Message;
        return message is not null;
    }

    /// <inheritdoc />
    public override string ToString() => Success ? "parsed" : Error.ToString();
}
