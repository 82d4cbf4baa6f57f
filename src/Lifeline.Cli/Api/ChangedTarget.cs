namespace Lifeline.Cli.Api;

/// <summary>One target of a change: its outcome (<c>changed</c>, <c>unchanged</c>, …) and its health afterwards.</summary>
internal sealed record ChangedTarget(string Id, string Status, string? Health, string? Message);
