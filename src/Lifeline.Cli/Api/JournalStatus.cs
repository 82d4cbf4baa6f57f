namespace Lifeline.Cli.Api;

/// <summary>The journal writer: its file, whether writes succeed, and its queue.</summary>
internal sealed record JournalStatus(string Path, bool Ok, string? LastFailure, int QueueLength);
