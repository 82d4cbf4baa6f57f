namespace Lifeline.Cli.Demo;

/// <summary>What one gateway did and what Lifeline decided about it, in a few sentences.</summary>
/// <param name="Gateway">The gateway's name.</param>
/// <param name="Sentences">One line each.</param>
internal sealed record DemoSummaryEntry(string Gateway, IReadOnlyList<string> Sentences);
