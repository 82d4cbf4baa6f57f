using System.Diagnostics.CodeAnalysis;
using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// How a client transaction completed: with a final response, or with a typed outcome
/// (timeout, transport error, cancelled). A value, never an exception.
/// </summary>
public readonly struct SipClientResult
{
    private SipClientResult(SipClientOutcome outcome, SipMessage? response, SipSendResult transportFailure)
    {
        Outcome = outcome;
        Response = response;
        TransportFailure = transportFailure;
    }

    /// <summary>What happened.</summary>
    public SipClientOutcome Outcome { get; }

    /// <summary>The final response when <see cref="Outcome"/> is <see cref="SipClientOutcome.Response"/>.</summary>
    public SipMessage? Response { get; }

    /// <summary>The transport's report when <see cref="Outcome"/> is <see cref="SipClientOutcome.TransportError"/>.</summary>
    public SipSendResult TransportFailure { get; }

    /// <summary>True when a final response arrived.</summary>
    [MemberNotNullWhen(true, nameof(Response))]
    public bool HasResponse => Response is not null;

    /// <summary>The final response's status code, or 0 when there is none.</summary>
    public int StatusCode => Response?.StatusCode ?? 0;

    internal static SipClientResult FromResponse(SipMessage response) => new(SipClientOutcome.Response, response, default);

    internal static SipClientResult Timeout() => new(SipClientOutcome.Timeout, null, default);

    internal static SipClientResult Cancelled() => new(SipClientOutcome.Cancelled, null, default);

    internal static SipClientResult FromTransportError(SipSendResult failure) => new(SipClientOutcome.TransportError, null, failure);

    /// <inheritdoc />
    public override string ToString() => Outcome switch
    {
        SipClientOutcome.Response => $"{StatusCode} response",
        SipClientOutcome.TransportError => $"transport error ({TransportFailure.Reason})",
        _ => Outcome.ToString(),
    };
}
