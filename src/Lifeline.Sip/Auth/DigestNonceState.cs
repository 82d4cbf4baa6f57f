namespace Lifeline.Sip.Auth;

/// <summary>The latest challenge of one realm, its nonce count so far, and the cnonce used with it.</summary>
internal sealed class DigestNonceState(DigestChallenge challenge, string cnonce)
{
    public DigestChallenge Challenge { get; set; } = challenge;

    public string Cnonce { get; } = cnonce;

    public uint NonceCount { get; set; }
}
