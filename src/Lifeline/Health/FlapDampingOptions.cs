namespace Lifeline.Health;

/// <summary>
/// BGP-style route flap damping (RFC 2439) for targets: every time a target goes Down it gets a penalty that
/// halves every <see cref="HalfLife"/>; above <see cref="SuppressLevel"/> it stays out of service (Down, "damped")
/// until the penalty decays below <see cref="ReuseLevel"/>.
/// </summary>
internal sealed record FlapDampingOptions
{
    /// <summary>Whether damping applies. Default on.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Penalty added each time the target goes Down (a flap). Default 1000.</summary>
    public double Penalty { get; init; } = 1000;

    /// <summary>Time for the penalty to halve. Default 60 s: three Downs less than 42 s apart suppress.</summary>
    public TimeSpan HalfLife { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Penalty at or above which the target is suppressed. Default 2000 (the third flap in quick succession).</summary>
    public double SuppressLevel { get; init; } = 2000;

    /// <summary>Penalty below which a suppressed target is released. Default 750.</summary>
    public double ReuseLevel { get; init; } = 750;

    /// <summary>
    /// Longest a target stays suppressed after it stops flapping: the penalty is capped at
    /// <c>ReuseLevel × 2^(MaxSuppressTime / HalfLife)</c>. Default 5 min (ceiling 24,000).
    /// </summary>
    public TimeSpan MaxSuppressTime { get; init; } = TimeSpan.FromMinutes(5);
}
