using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Lifeline.Cli.Api;
using Lifeline.Cli.Metrics;
using Lifeline.Config;
using Lifeline.Journal;
using Lifeline.Monitoring;
using Lifeline.Probing;
using Lifeline.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Lifeline.Cli.Hosting;

/// <summary>
/// The daemon behind <c>lifeline run</c>: a .NET host with Kestrel on <c>http.listen</c>, the
/// <see cref="HealthMonitor"/> as a hosted service, the journal, and the HTTP API. It refuses to start on a bad
/// configuration or a journal it cannot open, and stops cleanly on SIGTERM and Ctrl-C: the monitor saves every
/// target's state and the journal writer commits what is queued before the process exits.
/// </summary>
internal static partial class DaemonHost
{
    /// <summary>Exit code when Lifeline cannot start: bad configuration, journal or listen address.</summary>
    public const int StartFailed = 1;

    /// <summary>Runs the daemon until it is asked to stop; 0 after a clean stop.</summary>
    public static async Task<int> RunAsync(string configPath, TextWriter error, CancellationToken cancellationToken = default)
    {
        var startup = Prepare(configPath, error);
        if (startup is null)
        {
            return StartFailed;
        }

        var app = Build(startup, new DaemonSettings());
        await using (app.ConfigureAwait(false))
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lifeline");
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ProxyListenException ex)
            {
                await error.WriteLineAsync($"lifeline: proxy {ex.Message}: is another Lifeline or SIP server running? Set proxy.listen to a free address").ConfigureAwait(false);
                return StartFailed;
            }
            catch (Exception ex) when (ex is IOException or SocketException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"lifeline: cannot listen on {startup.Config.Http.Listen} ({ex.Message}): is another Lifeline running? Set http.listen to a free address").ConfigureAwait(false);
                return StartFailed;
            }

            LogStarted(logger, "http://" + startup.Config.Http.Listen, Path.GetFullPath(startup.Config.SourceFile), startup.Journal.Path);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            LogStopped(logger);
        }

        return 0;
    }

    /// <summary>Loads the configuration and opens the journal; prints every problem to <paramref name="error"/> and returns null on failure.</summary>
    public static DaemonStartup? Prepare(string configPath, TextWriter error)
    {
        var loaded = ConfigLoader.Load(configPath);
        if (!loaded.IsSuccess)
        {
            foreach (var problem in loaded.Errors)
            {
                error.WriteLine(problem.ToString());
            }

            error.WriteLine($"lifeline: {loaded.Errors.Count} error{(loaded.Errors.Count == 1 ? string.Empty : "s")} in the configuration; not started");
            return null;
        }

        var catalog = TargetCatalog.FromConfig(loaded.Config);
        if (!catalog.IsSuccess)
        {
            foreach (var problem in catalog.Errors)
            {
                error.WriteLine(problem.ToString());
            }

            return null;
        }

        var journal = JournalDatabase.Open(loaded.Config.Journal.Path);
        if (!journal.IsSuccess)
        {
            error.WriteLine("lifeline: " + journal.Error);
            return null;
        }

        return new DaemonStartup(loaded.Config, catalog.Catalog, journal.Database);
    }

    /// <summary>Builds the host (not started).</summary>
    public static WebApplication Build(DaemonStartup startup, DaemonSettings settings)
    {
        var config = startup.Config;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],

            // Not the working directory: systemd starts services in /, and nothing is read from there.
            ContentRootPath = AppContext.BaseDirectory,
        });

        // One line per event on stdout (systemd's journal keeps it): text by default, or one JSON object per line
        // with Logging__Console__FormatterName=json in the environment.
        builder.Logging.ClearProviders();
        if (string.Equals(builder.Configuration["Logging:Console:FormatterName"], ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
            });
        }

        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(new IPEndPoint(config.Http.Listen.Address, config.Http.Listen.Port));
        });

        var services = builder.Services;
        services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);
        services.AddMetrics();
        services.AddSingleton(settings.Time);
        services.AddSingleton(config);
        services.AddSingleton(startup.Catalog);
        services.AddSingleton(startup.Journal);
        services.AddSingleton(settings.Monitor);
        services.AddSingleton(sp => JournalWriter.Start(startup.Journal, JournalOptions.FromConfig(config.Journal), settings.Time, sp.GetRequiredService<ILogger<JournalWriter>>()));
        services.AddSingleton(_ => new JournalReader(startup.Journal));
        services.AddSingleton<HealthMonitor>();
        services.AddSingleton<ISignalSink>(sp => sp.GetRequiredService<HealthMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<HealthMonitor>());

        // Keepalive probing: started after the monitor (which restores the board), signals into the monitor.
        services.AddSingleton(sp =>
        {
            var monitor = sp.GetRequiredService<HealthMonitor>();
            var probing = ProbingService.FromConfig(
                config,
                monitor.Board,
                sp.GetRequiredService<ISignalSink>().Report,
                sp.GetRequiredService<JournalWriter>().TryAppendProbeMinute,
                sp.GetRequiredService<IMeterFactory>(),
                sp.GetRequiredService<ILoggerFactory>(),
                settings.Time);

            // Calls, operators and the clock move health too: the probe pace follows at once.
            monitor.HealthChanged += probing.HealthChanged;
            return probing;
        });
        services.AddHostedService(sp => sp.GetRequiredService<ProbingService>());

        // The failover proxy: after the monitor (its board routes, its sink takes call outcomes).
        if (config.Proxy is not null)
        {
            services.AddSingleton(sp => ProxyService.FromConfig(
                config,
                sp.GetRequiredService<HealthMonitor>().Board,
                sp.GetRequiredService<ISignalSink>(),
                sp.GetRequiredService<JournalWriter>(),
                sp.GetRequiredService<IMeterFactory>(),
                sp.GetRequiredService<ILoggerFactory>(),
                settings.Time));
            services.AddHostedService(sp => sp.GetRequiredService<ProxyService>());
        }

        services.AddSingleton(_ => new PrometheusExporter(HealthMetrics.MeterName));
        services.AddSingleton(_ => new ChangeAuthorization(config.Http.Token));
        settings.Configure?.Invoke(builder);

        var app = builder.Build();

        // The exporter must listen before the monitor's instruments are created, or the first scrape misses nothing
        // but costs a lookup; create both now rather than on the first request.
        app.Services.GetRequiredService<PrometheusExporter>();
        app.Services.GetRequiredService<HealthMonitor>();
        ApiRoutes.Map(app);
        return app;
    }
}
