namespace Lifeline.Config;

/// <summary><c>proxy.routes[]:</c> — numbers with this prefix go only through these trunks, in this order.</summary>
internal sealed record RoutePin
{
    public required string Prefix { get; init; }

    public required IReadOnlyList<string> Trunks { get; init; }

    /// <summary>Exact length of the normalized number for the pin to apply (so <c>911</c> does not catch <c>9111…</c>); null = any length.</summary>
    public int? Length { get; init; }
}
