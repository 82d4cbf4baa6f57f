namespace Lifeline.Cli.Api;

/// <summary>A page of <c>GET /api/events</c>, newest first; pass <see cref="Next"/> as <c>before</c> for older events (null: none).</summary>
internal sealed record EventsResponse(IReadOnlyList<EventItem> Events, string? Next);
