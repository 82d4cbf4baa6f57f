using System.Diagnostics.Metrics;
using Lifeline.Config;
using Lifeline.Health;
using Lifeline.Journal;
using Lifeline.Sip.Locating;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifeline.Probing;

/// <summary>
/// Keepalive probing as a hosted service: opens the probe transports, adds every gateway of the enabled trunks whose
/// probing is on, and runs the <see cref="ProbeScheduler"/> on one <see cref="PeriodicTimer"/> loop: every
/// <see cref="ProbingOptions.Tick"/> while there is work, less often when nothing is due soon. Signals go to the given sink (the health monitor), minute statistics to the
/// journal. The daemon starts it with one line:
/// <code>services.AddHostedService(sp => ProbingService.FromConfig(config, monitor.Board, monitor.Report, writer.TryAppendProbeMinute, meters, loggers, time));</code>
/// </summary>
internal sealed partial class ProbingService : BackgroundService
{
    private readonly ProbeScheduler _scheduler;
    private readonly HealthBoard _board;
    private readonly IReadOnlyList<ProbeTargetSpec> _initial;
    private readonly SipServerLocator? _locator;
    private readonly ILogger _logger;
    private SipProber? _prober;

    public ProbingService(
        HealthBoard board,
        ProbeSignalSink signals,
        IReadOnlyList<ProbeTargetSpec> targets,
        ProbingOptions options,
        TimeProvider time,
        Func<ProbeMinute, bool>? journal = null,
        IMeterFactory? meters = null,
        ILoggerFactory? loggers = null,
        SipServerLocator? locator = null,
        Random? random = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        _board = board;
        _initial = targets;
        _locator = locator;
        _logger = loggers.CreateLogger<ProbingService>();
        _scheduler = new ProbeScheduler(board, signals, time, options, journal, meters, loggers.CreateLogger<ProbeScheduler>(), random);
    }

    /// <summary>The scheduler (targets, counters), for the API and tests.</summary>
    public ProbeScheduler Scheduler => _scheduler;

    /// <summary>The prober once started (its transports), for tests.</summary>
    public SipProber? Prober => _prober;

    /// <summary>
    /// The service for a loaded configuration: every gateway of an enabled trunk with <c>probing.enabled</c>, with
    /// its trunk's settings; <c>probing.max_rate</c> as the global cap.
    /// </summary>
    public static ProbingService FromConfig(
        LifelineConfig config,
        HealthBoard board,
        ProbeSignalSink signals,
        Func<ProbeMinute, bool>? journal,
        IMeterFactory? meters,
        ILoggerFactory? loggers,
        TimeProvider time) =>
        new(board, signals, TargetsOf(config), ProbingOptions.FromConfig(config), time, journal, meters, loggers);

    /// <summary>The gateways a configuration probes: those of enabled trunks whose probing is on.</summary>
    public static IReadOnlyList<ProbeTargetSpec> TargetsOf(LifelineConfig config)
    {
        var targets = new List<ProbeTargetSpec>();
        foreach (var trunk in config.Trunks)
        {
            if (!trunk.Enabled || !trunk.EffectiveProbing.Enabled)
            {
                continue;
            }

            var settings = ProbeSettings.FromConfig(trunk.EffectiveProbing);
            foreach (var gateway in trunk.Gateways)
            {
                targets.Add(new ProbeTargetSpec(ProbeTargetSpec.IdOf(trunk.Name, gateway), trunk.Name, gateway, settings));
            }
        }

        return targets;
    }

    /// <summary>Starts probing a gateway (config reload); false when it was already probed the same way or cannot be probed.</summary>
    public bool Add(ProbeTargetSpec target)
    {
        if (_scheduler.Add(target, out var error))
        {
            return true;
        }

        if (error is not null)
        {
            LogNotProbed(_logger, target.Id, error);
        }

        return false;
    }

    /// <summary>Stops probing a gateway (config reload).</summary>
    public bool Remove(string targetId) => _scheduler.Remove(targetId);

    /// <summary>Makes the probed set equal <paramref name="targets"/>: adds new ones, replaces changed ones, removes the rest.</summary>
    public void Sync(IReadOnlyList<ProbeTargetSpec> targets)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            wanted.Add(target.Id);
            Add(target);
        }

        foreach (var target in _scheduler.Targets())
        {
            if (!wanted.Contains(target.Id))
            {
                _scheduler.Remove(target.Id);
            }
        }
    }

    /// <summary>A target's health changed for another reason than a probe (calls): probe it at the pace of its new health.</summary>
    public void HealthChanged(string targetId) => _scheduler.Reschedule(targetId);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _prober = SipProber.TryOpen(_scheduler, _board, _locator, _logger, out var error)
            ?? throw new InvalidOperationException("cannot open the probe transports: " + error);
        foreach (var target in _initial)
        {
            Add(target);
        }

        LogStarted(_logger, _scheduler.Count, _scheduler.Options.MaxRate, string.Join(", ", _prober.LocalEndPoints));
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _scheduler.FlushStatistics();
        if (_prober is not null)
        {
            await _prober.DisposeAsync().ConfigureAwait(false);
        }

        LogStopped(_logger, _scheduler.ProbesSent, _scheduler.LateProbes);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tick = _scheduler.Options.Tick;
        using var timer = new PeriodicTimer(tick, _scheduler.TimeProvider);

        // The scheduler plans the next run (one tick while busy, longer when idle, sooner when something new is due).
        _scheduler.PlanNextRun = wait =>
        {
            try
            {
                timer.Period = wait;
            }
            catch (ObjectDisposedException)
            {
                // Stopping: a late answer planned a run that will not come.
            }
        };
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                _scheduler.RunDue();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _scheduler.PlanNextRun = null;
        }
    }
}
