using Spectre.Console;

namespace Lifeline.Cli.Demo;

/// <summary>
/// Runs <c>lifeline demo</c>: starts the gateways, the prober, the proxy and the dialer, ticks the board and redraws
/// the view until the duration is up (or Ctrl-C), lets the last calls end, then prints the summary.
/// </summary>
internal static class DemoRunner
{
    /// <summary>Exit code when the demo could not start (no loopback socket).</summary>
    public const int StartFailed = 1;

    public static async Task<int> RunAsync(DemoSettings settings, IReadOnlyList<DemoScript> scripts, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = await DemoSession.StartAsync(scripts, settings.CallsPerSecond, time, new Random(), cancellationToken).ConfigureAwait(false);
        if (!started.IsStarted)
        {
            await error.WriteLineAsync("lifeline demo: " + started.Error).ConfigureAwait(false);
            return StartFailed;
        }

        DemoSummaryReport summary;
        await using (var session = started.Session)
        {
            if (settings.Live)
            {
                await RunLiveAsync(session, settings.Duration, cancellationToken).ConfigureAwait(false);
                await session.StopCallsAsync().ConfigureAwait(false);
                session.Tick(final: true);
            }
            else
            {
                var view = new DemoPlainView(output);
                view.Introduce(session, settings.Duration);
                await WatchAsync(session, settings.Duration, () => view.Update(session), cancellationToken).ConfigureAwait(false);
                await session.StopCallsAsync().ConfigureAwait(false);
                session.Tick(final: true);
                view.Update(session);
            }

            summary = DemoSummary.Build(session.Options, session.Timeline.Elapsed, session.Status(), session.Log.All(), session.CallFigures());
        }

        if (settings.Live)
        {
            AnsiConsole.Write(DemoLiveView.Render(summary));
        }
        else
        {
            new DemoPlainView(output).Summarize(summary.Lines());
        }

        return 0;
    }

    private static Task RunLiveAsync(DemoSession session, TimeSpan duration, CancellationToken cancellationToken) =>
        AnsiConsole.Live(DemoLiveView.Render(session, duration, AnsiConsole.Profile.Height))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .Cropping(VerticalOverflowCropping.Bottom)
            .StartAsync(async context =>
            {
                await WatchAsync(session, duration, () => context.UpdateTarget(DemoLiveView.Render(session, duration, AnsiConsole.Profile.Height)), cancellationToken).ConfigureAwait(false);
                context.UpdateTarget(DemoLiveView.Render(session, duration, AnsiConsole.Profile.Height));
            });

    /// <summary>Ticks the board and calls <paramref name="refresh"/> a few times a second until the end or Ctrl-C.</summary>
    private static async Task WatchAsync(DemoSession session, TimeSpan duration, Action refresh, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(DemoSettings.Refresh, session.Timeline.Time);
        try
        {
            while (session.Timeline.Elapsed < duration && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                session.Tick();
                refresh();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: stop watching and summarize what was seen.
        }
    }
}
