using System.Diagnostics.Metrics;
using Lifeline.Config;
using Lifeline.Journal;
using Lifeline.Monitoring;
using Lifeline.Testing;
using Lifeline.Tests.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lifeline.Tests.Monitoring;

/// <summary>A started <see cref="HealthMonitor"/> on a manual clock and a real journal in a test folder.</summary>
internal sealed class MonitorHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly JournalWriter _writer;
    private bool _stopped;

    private MonitorHarness(LifelineConfig config, JournalTestFolder folder, TimeProvider clock, HealthMonitorOptions? options)
    {
        Config = config;
        Time = clock;
        var catalog = TargetCatalog.FromConfig(config);
        catalog.IsSuccess.ShouldBeTrue();
        Database = folder.Open();
        Reader = new JournalReader(Database);
        _writer = JournalWriter.Start(Database, new JournalOptions(), clock);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var loggers = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        Monitor = new HealthMonitor(catalog.Catalog!, _writer, Reader, clock, _services.GetRequiredService<IMeterFactory>(), loggers.CreateLogger<HealthMonitor>(), options);
    }

    public LifelineConfig Config { get; }

    public TimeProvider Time { get; }

    /// <summary>The clock, when it is a manual one (the default).</summary>
    public ManualTimeProvider Clock => (ManualTimeProvider)Time;

    public JournalDatabase Database { get; }

    public JournalReader Reader { get; }

    public HealthMonitor Monitor { get; }

    public ListLoggerProvider Logs { get; } = new();

    public static async Task<MonitorHarness> StartAsync(string yaml, JournalTestFolder folder, TimeProvider? clock = null, HealthMonitorOptions? options = null)
    {
        var harness = new MonitorHarness(TestConfig.Load(yaml), folder, clock ?? new ManualTimeProvider(), options);
        await harness.Monitor.StartAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>Waits (in real time, generously) until <paramref name="condition"/> holds; fails with <paramref name="what"/> otherwise.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting until " + what);
            }

            await Task.Delay(20);
        }
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await Monitor.StopAsync(CancellationToken.None);
        await _writer.DisposeAsync();
        Monitor.Dispose();
        await _services.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
