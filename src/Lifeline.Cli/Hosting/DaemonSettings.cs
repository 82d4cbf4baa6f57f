using Lifeline.Monitoring;
using Microsoft.AspNetCore.Builder;

namespace Lifeline.Cli.Hosting;

/// <summary>What the daemon runs on besides its configuration: the clock, the monitor's periods, and a hook for tests.</summary>
internal sealed record DaemonSettings
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public HealthMonitorOptions Monitor { get; init; } = new();

    /// <summary>How long stopping may take before the host gives up on a component. Default 10 s (systemd's TimeoutStopSec is 90 s).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Called last before the application is built (tests: an in-memory server, captured logs).</summary>
    public Action<WebApplicationBuilder>? Configure { get; init; }
}
