namespace Lifeline.Monitoring;

/// <summary>What an operator asks of a target.</summary>
internal enum OperatorCommand
{
    /// <summary>No new calls; probes go on.</summary>
    Drain,

    /// <summary>No calls, no probes.</summary>
    Disable,

    /// <summary>Release a drained or disabled target.</summary>
    Enable,
}
