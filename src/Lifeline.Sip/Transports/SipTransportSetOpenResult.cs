using System.Diagnostics.CodeAnalysis;

namespace Lifeline.Sip.Transports;

/// <summary>The outcome of opening a <see cref="SipTransportSet"/>: the set, or the first error (nothing is left open then).</summary>
public readonly struct SipTransportSetOpenResult
{
    private SipTransportSetOpenResult(SipTransportSet? set, string? error)
    {
        Set = set;
        Error = error;
    }

    public SipTransportSet? Set { get; }

    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Set))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Set is not null;

    public static SipTransportSetOpenResult Success(SipTransportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return new(set, null);
    }

    public static SipTransportSetOpenResult Failure(string error) => new(null, error);

    public override string ToString() => IsSuccess ? Set.ToString() : Error;
}
