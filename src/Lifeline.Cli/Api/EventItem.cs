using System.Text.Json;

namespace Lifeline.Cli.Api;

/// <summary>
/// One entry of <c>GET /api/events</c>: a transition (<see cref="Kind"/> <c>transition</c>, with from, to, reason and
/// evidence) or an operator action (<c>operator</c>, with actor, action and detail).
/// </summary>
internal sealed record EventItem
{
    /// <summary><c>t</c> + journal id for transitions, <c>a</c> + id for operator actions.</summary>
    public required string Id { get; init; }

    public required string Kind { get; init; }

    public DateTimeOffset At { get; init; }

    public string? Target { get; init; }

    public string? TargetKind { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    public string? Reason { get; init; }

    public JsonElement? Evidence { get; init; }

    public string? Actor { get; init; }

    public string? Action { get; init; }

    public string? Detail { get; init; }
}
