using System.Diagnostics;
using System.Globalization;
using Lifeline.Health;
using Lifeline.Probing;

namespace Lifeline.Benchmarks.Probing;

/// <summary>
/// The probing engine alone under load, in this process: a <see cref="ProbingService"/> with its real transports
/// probing N gateways (127.x.y.z:PORT, answered by one <c>Lifeline.ProbeResponder</c>) through a
/// <see cref="HealthBoard"/>, measured by this process's CPU time and memory. It separates the prober's cost from the
/// rest of the daemon (bench/probing-load.sh measures the whole daemon).
/// <code>dotnet run -c Release --project bench/Lifeline.Benchmarks -- probing-load --targets 100000 --interval 30 --warmup 60 --seconds 120 --port 25060</code>
/// </summary>
internal static class ProbingLoad
{
    public static void Run(string[] args)
    {
        var targets = Arg(args, "--targets", 100_000);
        var interval = TimeSpan.FromSeconds(Arg(args, "--interval", 30));
        var warmup = TimeSpan.FromSeconds(Arg(args, "--warmup", 60));
        var seconds = TimeSpan.FromSeconds(Arg(args, "--seconds", 120));
        var port = Arg(args, "--port", 25060);
        var maxRate = Arg(args, "--max-rate", 5000);
        var inv = CultureInfo.InvariantCulture;

        var health = new HealthOptions { Intervals = new ProbeIntervalOptions { Up = interval } };
        var board = new HealthBoard(health, TimeProvider.System);
        var specs = new List<ProbeTargetSpec>(targets);
        var snapshots = new List<TargetHealthSnapshot>(targets);
        var now = DateTimeOffset.UtcNow;
        for (var n = 0; n < targets; n++)
        {
            var gateway = string.Create(inv, $"sip:127.{1 + (n / (254 * 256))}.{(n / 254) % 256}.{1 + (n % 254)}:{port}");
            var spec = new ProbeTargetSpec(ProbeTargetSpec.IdOf("carrier" + (n % 10).ToString("00", inv), gateway), "carrier" + (n % 10).ToString("00", inv), gateway, ProbeSettings.Default);
            specs.Add(spec);
            snapshots.Add(new TargetHealthSnapshot { TargetId = spec.Id, Health = TargetHealth.Up, Since = now, Computed = TargetHealth.Up, ComputedSince = now });
        }

        // One bulk restore: tracking targets one by one republishes the board's snapshot each time.
        var heap0 = GC.GetTotalMemory(true);
        if (args.Contains("--track"))
        {
            // As the daemon's HealthMonitor does it: one Track per target, each with the trunk's options.
            var tracking = Stopwatch.StartNew();
            foreach (var spec in specs)
            {
                board.Track(spec.Id, health);
            }

            Console.WriteLine(string.Create(inv, $"Track × {targets:N0}: {tracking.Elapsed.TotalSeconds:0.0} s"));
        }

        board.Restore(snapshots);
        snapshots.Clear();
        var heapBoard = GC.GetTotalMemory(true);
        var service = new ProbingService(board, (string id, int slot, in Signal signal) => { _ = slot >= 0 ? board.Apply(slot, signal) : board.Apply(id, signal); return true; }, specs, new ProbingOptions { MaxRate = maxRate }, TimeProvider.System);
        // --no-tick leaves out the board's once-a-second Tick (the health monitor's job), to show the prober's own share.
        var tick = !args.Contains("--no-tick");
        using var ticking = new CancellationTokenSource();
        var ticker = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(ticking.Token).ConfigureAwait(false))
            {
                if (tick)
                {
                    board.Tick();
                }
            }
        });

        service.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        var heapProbing = GC.GetTotalMemory(true);
        Console.WriteLine(string.Create(inv, $"memory: board {(heapBoard - heap0) / targets:N0} bytes per target, probing {(heapProbing - heapBoard) / targets:N0} bytes per target (specs included)"));
        Console.WriteLine(string.Create(inv, $"probing {targets:N0} gateways every {interval.TotalSeconds:0} s (max {maxRate}/s); warming up {warmup.TotalSeconds:0} s"));
        Thread.Sleep(warmup);

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var scheduler = service.Scheduler;
        var (sent0, answered0, timedOut0, failed0, late0) = (scheduler.ProbesSent, scheduler.ProbesAnswered, scheduler.ProbesTimedOut, scheduler.ProbesFailed, scheduler.LateProbes);
        var gc0 = GC.CollectionCount(0);
        var allocated0 = GC.GetTotalAllocatedBytes();
        Thread.Sleep(seconds);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpu0;
        var elapsed = wall.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes() - allocated0;
        var sent = scheduler.ProbesSent - sent0;

        Console.WriteLine(string.Create(inv, $"measured {elapsed.TotalSeconds:0} s: {sent:N0} probes ({sent / elapsed.TotalSeconds:N0}/s), answered {scheduler.ProbesAnswered - answered0:N0}, timed out {scheduler.ProbesTimedOut - timedOut0:N0}, failed {scheduler.ProbesFailed - failed0:N0}, late {scheduler.LateProbes - late0:N0}"));
        Console.WriteLine(string.Create(inv, $"CPU {cpu.TotalSeconds:0.0} s = {100 * cpu / elapsed:0.0}% of one core ({cpu.TotalMicroseconds / Math.Max(1, sent):0.0} µs per probe, board ticks included)"));
        Console.WriteLine(string.Create(inv, $"allocated {allocated / Math.Max(1, sent):N0} bytes per probe; gen0 GCs {GC.CollectionCount(0) - gc0}; managed heap {GC.GetTotalMemory(false) / (1024 * 1024)} MB; peak working set {process.PeakWorkingSet64 / (1024 * 1024)} MB"));
        Console.WriteLine(string.Create(inv, $"health: {board.Current.Targets.Values.Count(t => t.Health == TargetHealth.Up):N0} Up of {board.Current.Targets.Count:N0}; self-health {board.SelfHealth.State}"));

        ticking.Cancel();
        service.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            ticker.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
