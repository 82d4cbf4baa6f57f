using System.Diagnostics.Metrics;
using Lifeline.Config;
using Lifeline.Health;
using Lifeline.Journal;
using Lifeline.Monitoring;
using Lifeline.Routing;
using Lifeline.Sip.Stack;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifeline.Proxy;

/// <summary>
/// The failover proxy as a hosted service: opens <c>proxy.listen</c> (UDP and TCP) with the <see cref="ProxyCore"/>
/// as transaction user, and closes it on stop. Start it after the health monitor, whose board the route planner
/// reads and whose sink takes the call outcomes. A listen failure throws <see cref="ProxyListenException"/>.
/// </summary>
internal sealed partial class ProxyService : IHostedService, IAsyncDisposable
{
    private readonly ProxyConfig _config;
    private readonly TimeProvider _time;
    private readonly SipStackOptions? _stackOptions;
    private readonly CdrFileWriter? _cdrFile;
    private readonly ILogger _logger;
    private SipStack? _stack;

    public ProxyService(ProxyConfig config, ProxyCore core, TimeProvider time, ILogger? logger = null, SipStackOptions? stackOptions = null, CdrFileWriter? cdrFile = null)
    {
        _config = config;
        Core = core;
        _time = time;
        _stackOptions = stackOptions;
        _cdrFile = cdrFile;
        _logger = logger ?? NullLogger.Instance;
    }

    public ProxyCore Core { get; }

    public ProxyStatistics Statistics => Core.Statistics;

    /// <summary>The open stack (its transports), once started.</summary>
    public SipStack? Stack => _stack;

    /// <summary>The service for a loaded configuration with a <c>proxy:</c> section.</summary>
    public static ProxyService FromConfig(
        LifelineConfig config,
        IRoutePlanner planner,
        ISignalSink signals,
        JournalWriter? journal,
        IMeterFactory? meters,
        ILoggerFactory? loggers,
        TimeProvider time)
    {
        var proxy = config.Proxy ?? throw new ArgumentException("the configuration has no proxy section", nameof(config));
        loggers ??= NullLoggerFactory.Instance;
        var statistics = new ProxyStatistics();
        CdrFileWriter? file = null;
        ProxyRecords? records = null;
        if (proxy.Cdr.Enabled || proxy.Cdr.Path is not null)
        {
            file = proxy.Cdr.Path is { } path ? CdrFileWriter.Start(path) : null;
            records = new ProxyRecords(proxy.Cdr.Enabled && journal is not null ? journal.TryAppendCall : null, file);
        }

        var core = new ProxyCore(
            ProxyOptions.FromConfig(proxy),
            planner,
            signals,
            statistics,
            time,
            loggers.CreateLogger<ProxyCore>(),
            records,
            meters is null ? null : new ProxyMetrics(meters, statistics));
        return new ProxyService(proxy, core, time, loggers.CreateLogger<ProxyService>(), null, file);
    }

    /// <summary>The service with the route planner over <paramref name="board"/>.</summary>
    public static ProxyService FromConfig(
        LifelineConfig config,
        HealthBoard board,
        ISignalSink signals,
        JournalWriter? journal,
        IMeterFactory? meters,
        ILoggerFactory? loggers,
        TimeProvider time) =>
        FromConfig(config, RoutePlanner.Create(config, board, time), signals, journal, meters, loggers, time);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var listen = new List<string>(_config.Listen.Count);
        foreach (var address in _config.Listen)
        {
            listen.Add(address.ToString());
        }

        var opened = await SipStack.OpenAsync(listen, Core, _stackOptions, _time).ConfigureAwait(false);
        if (!opened.IsSuccess)
        {
            throw new ProxyListenException("cannot listen on " + string.Join(", ", listen) + " (" + opened.Error + ")");
        }

        _stack = opened.Stack;
        Core.Attach(_stack);
        LogStarted(_logger, string.Join(", ", listen), Core.Address.UdpHostPort);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var stack = Interlocked.Exchange(ref _stack, null);
        if (stack is not null)
        {
            await stack.DisposeAsync().ConfigureAwait(false);
            LogStopped(_logger);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (_cdrFile is not null)
        {
            await _cdrFile.DisposeAsync().ConfigureAwait(false);
        }
    }
}
