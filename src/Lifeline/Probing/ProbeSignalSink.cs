using Lifeline.Health;

namespace Lifeline.Probing;

/// <summary>
/// Where probe results go: the daemon's health monitor (<c>Report</c>) or, in tests, a board's <c>Apply</c>. Must not
/// block on I/O. Returns false when the target is not watched.
/// </summary>
internal delegate bool ProbeSignalSink(string targetId, in Signal signal);
