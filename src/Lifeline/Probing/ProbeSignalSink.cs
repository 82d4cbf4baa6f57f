using Lifeline.Health;

namespace Lifeline.Probing;

/// <summary>
/// Where probe results go: the daemon's health monitor (<c>Report</c>) or, in tests, a board's <c>Apply</c>. Must not
/// block on I/O. Returns false when the target is not watched. <paramref name="slot"/> is the target's slot on the
/// prober's health board (<c>HealthBoard.SlotOf</c>), or -1 when the board did not know it yet: a sink on that board
/// can use it instead of looking the id up.
/// </summary>
internal delegate bool ProbeSignalSink(string targetId, int slot, in Signal signal);
