using Lifeline.Health;

namespace Lifeline.Monitoring;

/// <summary>The outcome of an operator's change to one target.</summary>
/// <param name="TargetId">The target.</param>
/// <param name="Status">What happened.</param>
/// <param name="Health">The target's health afterwards, when it is watched.</param>
/// <param name="Message">Why, when it failed.</param>
internal readonly record struct OperatorChangeResult(string TargetId, OperatorChangeStatus Status, TargetHealth? Health = null, string? Message = null)
{
    public bool Succeeded => Status is OperatorChangeStatus.Changed or OperatorChangeStatus.Unchanged;
}
