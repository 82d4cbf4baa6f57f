namespace Lifeline.Cli.Api;

/// <summary>One gateway in <c>GET /api/status</c>.</summary>
internal sealed record GatewayStatus
{
    /// <summary>Target id: <c>trunk/uri</c>.</summary>
    public required string Id { get; init; }

    public required string Uri { get; init; }

    /// <summary>Published health: Up, Suspect, Down, Recovering, Drained, Disabled.</summary>
    public required string Health { get; init; }

    public DateTimeOffset? Since { get; init; }

    /// <summary>Health from signals alone (what a Drained gateway would be if released).</summary>
    public string? Computed { get; init; }

    /// <summary>Share of new calls (0–1).</summary>
    public double TrafficShare { get; init; }

    /// <summary>Suppressed for flapping.</summary>
    public bool Damped { get; init; }

    public DateTimeOffset? SuppressedUntil { get; init; }

    public RttStatus? Rtt { get; init; }

    public TransitionStatus? LastTransition { get; init; }
}
