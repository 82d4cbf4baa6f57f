namespace Lifeline.Cli.Api;

/// <summary>The body of every API error: one sentence saying what is wrong and what to do.</summary>
internal sealed record ErrorResponse(string Error);
