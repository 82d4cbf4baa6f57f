using System.Globalization;

namespace Lifeline.Cli.Drill;

/// <summary>
/// Runs one drill against a running daemon: checks the trunk is in service, drains it, watches the calls move to
/// the other trunks, restores it (always — also when the drill is interrupted or the daemon stops answering for a
/// while), waits for calls to come back, and prints the report.
/// </summary>
internal static class DrillRunner
{
    /// <summary>Exit code when the drill ran and found a problem, or could not run.</summary>
    public const int Failed = 1;

    private const string Drain = "drain";
    private const string Enable = "enable";

    /// <summary>How long the daemon may stay unreadable during the drain before the drill gives up (and restores).</summary>
    private static readonly TimeSpan s_unreadableLimit = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(DrillSettings settings, IDrillApi api, TimeProvider time, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var trunk = settings.Trunk;
        var first = await api.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (first.Sample is not { } before)
        {
            await error.WriteLineAsync("lifeline drill: " + first.Error).ConfigureAwait(false);
            return Failed;
        }

        if (!before.HealthByTrunk.TryGetValue(trunk, out var health))
        {
            var known = string.Join(", ", before.HealthByTrunk.Keys);
            await error.WriteLineAsync($"lifeline drill: no trunk named {trunk} (trunks: {known})").ConfigureAwait(false);
            return Failed;
        }

        if (health is "Drained" or "Disabled")
        {
            await error.WriteLineAsync($"lifeline drill: trunk {trunk} is already {health}; a drill takes a trunk in service out and puts it back").ConfigureAwait(false);
            return Failed;
        }

        if (before.HealthByTrunk.Count(t => t.Key != trunk && t.Value is "Up" or "Recovering" or "Suspect") == 0)
        {
            await error.WriteLineAsync($"lifeline drill: no other trunk is in service, so draining {trunk} would refuse every call; not drilling").ConfigureAwait(false);
            return Failed;
        }

        var note = "drill " + time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var drained = await api.ChangeAsync(trunk, Drain, note, cancellationToken).ConfigureAwait(false);
        if (drained is not null)
        {
            await error.WriteLineAsync("lifeline drill: " + drained).ConfigureAwait(false);
            return Failed;
        }

        await output.WriteLineAsync(Invariant($"Drained trunk {trunk}; watching calls move for {settings.Duration.TotalSeconds:0.#} s (Ctrl-C restores it at once)")).ConfigureAwait(false);
        var watch = new DrillWatch(trunk, before);
        string? abort = null;
        try
        {
            var afterDrain = await api.ReadAsync(cancellationToken).ConfigureAwait(false);
            watch.Drained(afterDrain.Sample ?? before with { At = time.GetUtcNow() });
            abort = await WatchDrainAsync(settings, api, watch, time, output, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            abort = "interrupted";
        }
        finally
        {
            // The drill is reversible whatever happened: the trunk is always put back.
            using var restoreTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var restored = await api.ChangeAsync(trunk, Enable, note + " done", restoreTimeout.Token).ConfigureAwait(false);
            if (restored is not null)
            {
                await error.WriteLineAsync($"lifeline drill: could not restore {trunk}: {restored}; enable it with POST /api/trunks/{trunk}/enable").ConfigureAwait(false);
            }
            else
            {
                var read = await api.ReadAsync(restoreTimeout.Token).ConfigureAwait(false);
                watch.Restored(read.Sample ?? before with { At = time.GetUtcNow() });
            }
        }

        if (abort is null && watch.Report().Restored)
        {
            await WatchReturnAsync(settings, api, watch, time, cancellationToken).ConfigureAwait(false);
        }

        var report = watch.Report();
        foreach (var line in report.Lines())
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }

        if (abort is not null)
        {
            await error.WriteLineAsync("lifeline drill: stopped early: " + abort).ConfigureAwait(false);
            return Failed;
        }

        return report.Passed ? 0 : Failed;
    }

    private static async Task<string?> WatchDrainAsync(DrillSettings settings, IDrillApi api, DrillWatch watch, TimeProvider time, TextWriter output, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var lastGood = start;
        var nextProgress = TimeSpan.FromSeconds(10);
        using var timer = new PeriodicTimer(settings.Poll, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var read = await api.ReadAsync(cancellationToken).ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(start);
            if (read.Sample is { } sample)
            {
                watch.WhileDrained(sample);
                lastGood = time.GetTimestamp();
            }
            else if (time.GetElapsedTime(lastGood) > s_unreadableLimit)
            {
                return "the daemon stopped answering: " + read.Error;
            }

            if (elapsed >= settings.Duration)
            {
                return null;
            }

            if (elapsed >= nextProgress)
            {
                var so = watch.Report();
                await output.WriteLineAsync(Invariant($"  {elapsed.TotalSeconds:0} s: {so.CallsMoved} calls moved, {so.CallsToDrainedTrunk} still sent to {settings.Trunk}, {so.CallsLost} lost")).ConfigureAwait(false);
                nextProgress += TimeSpan.FromSeconds(10);
            }
        }

        return null;
    }

    private static async Task WatchReturnAsync(DrillSettings settings, IDrillApi api, DrillWatch watch, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        using var timer = new PeriodicTimer(settings.Poll, time);
        try
        {
            while (!watch.TrafficIsBack && time.GetElapsedTime(start) < settings.ReturnWait && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if ((await api.ReadAsync(cancellationToken).ConfigureAwait(false)).Sample is { } sample)
                {
                    watch.AfterRestore(sample);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C while waiting for traffic to return: the trunk is already back; report what was seen.
        }
    }

    private static string Invariant(FormattableString s) => FormattableString.Invariant(s);
}
