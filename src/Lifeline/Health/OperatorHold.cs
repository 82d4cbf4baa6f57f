namespace Lifeline.Health;

/// <summary>An operator's override of a target's computed health.</summary>
internal enum OperatorHold
{
    /// <summary>No override: the computed health is published.</summary>
    None,

    /// <summary>No new calls; probes continue so the computed health stays known.</summary>
    Drained,

    /// <summary>No calls and no probes (maintenance); on release the target proves itself in Recovering.</summary>
    Disabled,
}
