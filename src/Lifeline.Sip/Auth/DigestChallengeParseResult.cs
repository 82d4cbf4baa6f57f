namespace Lifeline.Sip.Auth;

/// <summary>A parsed challenge, or why the header value could not be used.</summary>
public readonly struct DigestChallengeParseResult
{
    private DigestChallengeParseResult(DigestChallenge? challenge, DigestChallengeError error, string? detail)
    {
        Challenge = challenge;
        Error = error;
        Detail = detail;
    }

    /// <summary>The challenge (null on failure).</summary>
    public DigestChallenge? Challenge { get; }

    /// <summary><see cref="DigestChallengeError.None"/> on success.</summary>
    public DigestChallengeError Error { get; }

    /// <summary>For people: what was wrong and where.</summary>
    public string? Detail { get; }

    /// <summary>True when a usable challenge was read.</summary>
    public bool IsSuccess => Challenge is not null;

    internal static DigestChallengeParseResult Ok(DigestChallenge challenge) => new(challenge, DigestChallengeError.None, null);

    internal static DigestChallengeParseResult Fail(DigestChallengeError error, string detail) => new(null, error, detail);

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? Challenge!.ToString() : $"{Error}: {Detail}";
}
