namespace Lifeline.Health;

/// <summary>Which signals made a target go Down.</summary>
internal enum DownCause
{
    /// <summary>Not a Down decision.</summary>
    None,

    /// <summary>Probes, registrations or process checks.</summary>
    Liveness,

    /// <summary>Call outcomes: successful probes are ignored for <see cref="RecoveryOptions.CallHoldTime"/>.</summary>
    Calls,
}
