using Lifeline.Sip.Parsing;
using Lifeline.Sip.Transactions;
using Lifeline.Sip.Transports;

namespace Lifeline.Sip.Stack;

/// <summary>Settings of a <see cref="SipStack"/>: its parser, transports and transaction timers.</summary>
public sealed record SipStackOptions
{
    public static SipStackOptions Default { get; } = new();

    public SipParserOptions? Parser { get; init; }

    public SipTransportOptions? Transport { get; init; }

    public SipTimerOptions? Timers { get; init; }
}
