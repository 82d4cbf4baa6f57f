namespace Lifeline.Sip.Auth;

/// <summary>The Authorization / Proxy-Authorization header value to send, or why none can be made.</summary>
public readonly struct DigestAuthorizationResult
{
    private DigestAuthorizationResult(string? headerValue, string? error, uint nonceCount)
    {
        HeaderValue = headerValue;
        Error = error;
        NonceCount = nonceCount;
    }

    /// <summary>The header value ("Digest username=..."), or null on failure.</summary>
    public string? HeaderValue { get; }

    /// <summary>Why no value could be made (null on success).</summary>
    public string? Error { get; }

    /// <summary>The nonce count used (0 for a challenge without qop, which sends none).</summary>
    public uint NonceCount { get; }

    /// <summary>True when <see cref="HeaderValue"/> is set.</summary>
    public bool IsSuccess => HeaderValue is not null;

    internal static DigestAuthorizationResult Ok(string headerValue, uint nonceCount) => new(headerValue, null, nonceCount);

    internal static DigestAuthorizationResult Fail(string error) => new(null, error, 0);

    /// <inheritdoc />
    public override string ToString() => HeaderValue ?? "error: " + Error;
}
