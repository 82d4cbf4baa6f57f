using Lifeline.Health;
using Lifeline.Journal;

namespace Lifeline.Monitoring;

/// <summary>
/// One unit of the <see cref="HealthMonitor"/>'s background work, in the order the board decided it: record these
/// transitions (and the operator action that caused them), or save every target's state; <see cref="Done"/>
/// completes once it is committed to the journal.
/// </summary>
internal sealed record MonitorWork(
    IReadOnlyList<Transition> Transitions,
    JournalOperatorAction? Action = null,
    TaskCompletionSource? Done = null,
    bool SaveAllStates = false,
    SelfHealthReport? SelfHealthFrom = null,
    SelfHealthReport? SelfHealthTo = null);
