namespace Lifeline.Health;

/// <summary>
/// The arithmetic of flap damping (RFC 2439 §4.2), pure: exponential decay with a half-life, a penalty per flap,
/// a ceiling that caps the suppression time, and the time left until reuse.
/// </summary>
internal static class FlapDamping
{
    /// <summary>The penalty at <paramref name="now"/>: <c>value × 2^(−elapsed / half-life)</c>.</summary>
    public static double ValueAt(FlapPenalty penalty, DateTimeOffset now, FlapDampingOptions options)
    {
        var elapsed = now - penalty.At;
        if (elapsed <= TimeSpan.Zero || penalty.Value <= 0)
        {
            return Math.Max(0, penalty.Value);
        }

        return penalty.Value * Math.Pow(2, -(elapsed / options.HalfLife));
    }

    /// <summary>The penalty after one more flap at <paramref name="now"/>, capped at the ceiling.</summary>
    public static FlapPenalty AddFlap(FlapPenalty penalty, DateTimeOffset now, FlapDampingOptions options) =>
        new(Math.Min(ValueAt(penalty, now, options) + options.Penalty, Ceiling(options)), now);

    /// <summary>
    /// The highest penalty a target can carry: <c>ReuseLevel × 2^(MaxSuppressTime / HalfLife)</c>, so once it stops
    /// flapping it is reused within <see cref="FlapDampingOptions.MaxSuppressTime"/>.
    /// </summary>
    public static double Ceiling(FlapDampingOptions options) =>
        options.ReuseLevel * Math.Pow(2, options.MaxSuppressTime / options.HalfLife);

    /// <summary>How long until <paramref name="value"/> decays below the reuse level: <c>half-life × log2(value / reuse)</c>.</summary>
    public static TimeSpan TimeToReuse(double value, FlapDampingOptions options) =>
        value <= options.ReuseLevel ? TimeSpan.Zero : options.HalfLife * Math.Log2(value / options.ReuseLevel);
}
