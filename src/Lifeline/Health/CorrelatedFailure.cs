namespace Lifeline.Health;

/// <summary>The largest group of targets whose current failures began close together.</summary>
/// <param name="Failing">Targets in the group.</param>
/// <param name="Active">Targets watched (with signals, not disabled).</param>
/// <param name="Spread">Time between the first and the last failure onset in the group.</param>
internal readonly record struct CorrelatedFailure(int Failing, int Active, TimeSpan Spread);
