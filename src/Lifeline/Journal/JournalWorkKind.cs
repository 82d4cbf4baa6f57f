namespace Lifeline.Journal;

/// <summary>What one queued item of the journal writer is.</summary>
internal enum JournalWorkKind
{
    Transition,
    OperatorAction,
    TargetState,
    RemoveTargetState,
    ProbeMinute,
    Call,

    /// <summary>Completes once every row queued before it is committed.</summary>
    Flush,

    /// <summary>Deletes rows older than the retention settings.</summary>
    Prune,
}
