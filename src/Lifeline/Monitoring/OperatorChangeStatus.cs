namespace Lifeline.Monitoring;

/// <summary>How an operator's change went.</summary>
internal enum OperatorChangeStatus
{
    /// <summary>The target's health changed; the change and the action are journaled.</summary>
    Changed,

    /// <summary>The target already was so (e.g. drained twice); the action is journaled anyway.</summary>
    Unchanged,

    /// <summary>No such target or trunk in the configuration.</summary>
    Unknown,

    /// <summary>The trunk is disabled in the configuration (<c>enabled: false</c>): it is not watched, so it cannot be changed.</summary>
    NotWatched,

    /// <summary>Lifeline is stopping, or the journal could not record the change.</summary>
    Failed,
}
