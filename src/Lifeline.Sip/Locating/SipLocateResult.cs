namespace Lifeline.Sip.Locating;

/// <summary>
/// The targets to try, best first: the caller sends to the first and fails over down the list. When
/// none was found, <see cref="Error"/> says why and <see cref="Detail"/> lists the lookups made.
/// </summary>
public readonly struct SipLocateResult
{
    private readonly IReadOnlyList<SipServerTarget>? _targets;

    private SipLocateResult(IReadOnlyList<SipServerTarget>? targets, SipLocateError error, string? detail)
    {
        _targets = targets;
        Error = error;
        Detail = detail;
    }

    /// <summary>The ordered targets (empty on failure).</summary>
    public IReadOnlyList<SipServerTarget> Targets => _targets ?? [];

    /// <summary><see cref="SipLocateError.None"/> on success.</summary>
    public SipLocateError Error { get; }

    /// <summary>For people: on failure, what was asked and what came back.</summary>
    public string? Detail { get; }

    /// <summary>True when at least one target was found.</summary>
    public bool IsSuccess => Error == SipLocateError.None;

    /// <summary>A result with targets.</summary>
    public static SipLocateResult Found(IReadOnlyList<SipServerTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfZero(targets.Count);
        return new(targets, SipLocateError.None, null);
    }

    /// <summary>A failure.</summary>
    public static SipLocateResult Failed(SipLocateError error, string detail)
    {
        if (error == SipLocateError.None)
        {
            throw new ArgumentOutOfRangeException(nameof(error), error, "a failure needs an error");
        }

        return new(null, error, detail);
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsSuccess ? string.Join(", ", Targets) : $"{Error}: {Detail}";
}
