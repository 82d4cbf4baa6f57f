namespace Lifeline.Health;

/// <summary>
/// Options of the <c>phi</c> detector (Hayashibara et al., as in Akka and Cassandra): suspicion grows with the
/// time since the last probe answer, scaled by the observed distribution of answer intervals.
/// </summary>
internal sealed record PhiAccrualOptions
{
    /// <summary>Phi at or above which the target is failed. Default 8 (Akka's default; phi 8 ≈ a 1 in 10^8 chance the answer is just late).</summary>
    public double Threshold { get; init; } = 8.0;

    /// <summary>Answer intervals kept for the mean and standard deviation. Default 200.</summary>
    public int MaxSampleSize { get; init; } = 200;

    /// <summary>Floor of the standard deviation, so very regular answers do not make phi hair-triggered. Default 100 ms.</summary>
    public TimeSpan MinStdDeviation { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Pause added to the mean interval before phi rises: how long answers may be missing without suspicion.
    /// Default 3 s, so that at the default 2 s probe interval phi needs about 9 lost probes in a row.
    /// </summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Assumed interval before any answer was seen (mean ± a quarter). Default 2 s, the Up probe interval.</summary>
    public TimeSpan FirstHeartbeatEstimate { get; init; } = TimeSpan.FromSeconds(2);
}
