namespace Lifeline.Health;

/// <summary>Running counts for one target, persisted with its snapshot.</summary>
internal sealed record HealthCounters
{
    /// <summary>Signals applied.</summary>
    public long Signals { get; init; }

    /// <summary>Signals that were failures.</summary>
    public long Failures { get; init; }

    /// <summary>Published transitions.</summary>
    public long Transitions { get; init; }

    /// <summary>Times the computed health went Down (flaps, each adding a penalty).</summary>
    public long Downs { get; init; }

    /// <summary>Times the self-health gate held the target from going Down.</summary>
    public long HeldBySelfHealth { get; init; }

    /// <summary>Successful probes ignored because a Down decided by calls was still held.</summary>
    public long HeldByCallOutcomes { get; init; }
}
