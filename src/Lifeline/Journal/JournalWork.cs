namespace Lifeline.Journal;

/// <summary>One item of the writer's queue: a row to write, or a command with a completion to signal.</summary>
internal readonly record struct JournalWork(JournalWorkKind Kind, object? Row, TaskCompletionSource<int>? Done = null);
