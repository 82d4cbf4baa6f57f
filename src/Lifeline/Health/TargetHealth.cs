namespace Lifeline.Health;

/// <summary>
/// The health of a target. <see cref="Up"/>, <see cref="Suspect"/>, <see cref="Down"/> and
/// <see cref="Recovering"/> are computed from signals; <see cref="Drained"/> and <see cref="Disabled"/>
/// are set by an operator and override the computed health until released.
/// </summary>
internal enum TargetHealth
{
    /// <summary>In service; probed at the normal interval.</summary>
    Up,

    /// <summary>Still in service, but a probe was missed or a call failed; probed faster.</summary>
    Suspect,

    /// <summary>Out of service: a detector decided it failed, or it is damped for flapping.</summary>
    Down,

    /// <summary>Proving itself after Down: a rising share of new calls, until enough successes and stable time.</summary>
    Recovering,

    /// <summary>Operator state: no new calls, still probed.</summary>
    Drained,

    /// <summary>Operator state: no calls, no probes.</summary>
    Disabled,
}
