namespace Lifeline.Cli.Api;

/// <summary>One trunk in <c>GET /api/status</c>.</summary>
internal sealed record TrunkStatus
{
    public required string Name { get; init; }

    public int Priority { get; init; }

    /// <summary>False when the trunk is disabled in the configuration (not watched, not used).</summary>
    public bool Enabled { get; init; }

    /// <summary>The best health among its gateways (Up, Suspect, Recovering, Drained, Down, Disabled, in that order).</summary>
    public required string Health { get; init; }

    /// <summary>Gateways getting a share of new calls.</summary>
    public int GatewaysInService { get; init; }

    public required IReadOnlyList<GatewayStatus> Gateways { get; init; }

    /// <summary>Its calls through the proxy; null (left out) when there is no proxy.</summary>
    public TrunkCallsStatus? Calls { get; init; }
}
