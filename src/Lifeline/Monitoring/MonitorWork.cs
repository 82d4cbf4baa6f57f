using Lifeline.Health;
using Lifeline.Journal;

namespace Lifeline.Monitoring;

/// <summary>
/// One unit of the <see cref="HealthMonitor"/>'s background work, in the order the board decided it: record these
/// transitions (and the operator action that caused them), or save every target's state, or the states of the
/// watched targets from <see cref="SaveFrom"/> up to <see cref="SaveTo"/> (a slice of a periodic save spread over its
/// interval); <see cref="Done"/> completes once it is committed to the journal.
/// </summary>
internal sealed record MonitorWork(
    IReadOnlyList<Transition> Transitions,
    JournalOperatorAction? Action = null,
    TaskCompletionSource? Done = null,
    bool SaveAllStates = false,
    SelfHealthReport? SelfHealthFrom = null,
    SelfHealthReport? SelfHealthTo = null,
    int SaveFrom = 0,
    int SaveTo = 0);
