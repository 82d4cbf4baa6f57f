namespace Lifeline.Config;

/// <summary>The failure detector chosen by <c>health.detector</c>.</summary>
internal enum DetectorKind
{
    /// <summary>Down after <c>down_after</c> consecutive misses.</summary>
    Consecutive,

    /// <summary>Down when the failure ratio over a sliding window passes a threshold, with a minimum volume.</summary>
    Ratio,

    /// <summary>Phi accrual on the arrival of probe answers.</summary>
    Phi,
}
