namespace Lifeline.Cli.Api;

/// <summary>The body of a change (drain, disable, enable): what was asked and what became of each target.</summary>
internal sealed record ChangeResponse(string Action, IReadOnlyList<ChangedTarget> Targets);
