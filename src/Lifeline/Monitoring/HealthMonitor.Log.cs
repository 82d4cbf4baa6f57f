using Microsoft.Extensions.Logging;

namespace Lifeline.Monitoring;

internal sealed partial class HealthMonitor
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Target} {From} -> {To}: {Reason} (trunk {Trunk}, decided by {Detector})")]
    private static partial void LogTransition(ILogger logger, string target, string from, string to, string reason, string trunk, string detector);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "{Target} {From} -> {To}: {Reason} (trunk {Trunk}, decided by {Detector})")]
    private static partial void LogSuspicion(ILogger logger, string target, string from, string to, string reason, string trunk, string detector);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Self-health Suspect: {Reason}; holding targets from going Down")]
    private static partial void LogSelfSuspect(ILogger logger, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Self-health Healthy again after {Duration}")]
    private static partial void LogSelfHealthy(ILogger logger, string duration);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Health of {Targets} targets: {Up} up, {Suspect} suspect, {Down} down, {Recovering} recovering, {Drained} drained, {Disabled} disabled; self-health {SelfHealth}")]
    private static partial void LogSummary(ILogger logger, int targets, int up, int suspect, int down, int recovering, int drained, int disabled, string selfHealth);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Watching {Targets} gateways on {Trunks} trunks ({DisabledTrunks} disabled in the configuration); {Restored} target states restored from the journal")]
    private static partial void LogStarted(ILogger logger, int targets, int trunks, int disabledTrunks, int restored);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Saved state of {Target} could not be read and was ignored (it starts Up): {Reason}")]
    private static partial void LogRestoreSkipped(ILogger logger, string target, string reason);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "Operator {Action} of {Target} by {Actor} (note: {Note}): now {Health}")]
    private static partial void LogOperatorChange(ILogger logger, string action, string target, string actor, string note, string health);

    [LoggerMessage(EventId = 108, Level = LogLevel.Error, Message = "The journal could not record {What}")]
    private static partial void LogJournalFailed(ILogger logger, string what, Exception exception);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "Timers ran {Lateness} late (threshold {Threshold}): the process or the machine stalled")]
    private static partial void LogLateTimers(ILogger logger, string lateness, string threshold);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Health monitor stopped; the states of {Targets} targets are saved in the journal")]
    private static partial void LogStopped(ILogger logger, int targets);
}
