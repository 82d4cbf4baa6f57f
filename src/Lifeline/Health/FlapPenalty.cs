namespace Lifeline.Health;

/// <summary>A flap penalty as it stood at a moment; it decays from there with the half-life.</summary>
/// <param name="Value">Penalty at <paramref name="At"/>.</param>
/// <param name="At">When the value was computed.</param>
internal readonly record struct FlapPenalty(double Value, DateTimeOffset At);
