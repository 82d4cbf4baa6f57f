namespace Lifeline.Config;

/// <summary><c>proxy.routes[]:</c> — numbers with this prefix go only through these trunks, in this order.</summary>
internal sealed record RoutePin
{
    public required string Prefix { get; init; }

    public required IReadOnlyList<string> Trunks { get; init; }
}
