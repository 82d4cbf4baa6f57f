using System.Globalization;
using Lifeline.Health;

namespace Lifeline.Benchmarks.Health;

/// <summary>
/// What the health board holds per target, measured by the managed heap (forced full collections) around each step:
/// tracking N targets in one <see cref="HealthBoard.TrackAll"/>, their first probe answer, and enough answers to fill
/// every RTT window (the steady state after about an hour of probing).
/// <code>dotnet run -c Release --project bench/Lifeline.Benchmarks -- board-memory --targets 100000</code>
/// </summary>
internal static class BoardMemory
{
    public static void Run(string[] args)
    {
        var i = Array.IndexOf(args, "--targets");
        var targets = i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 100_000;
        var inv = CultureInfo.InvariantCulture;
        var time = new SimClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new HealthOptions { Intervals = new ProbeIntervalOptions { Up = TimeSpan.FromSeconds(30) } };
        var ids = new (string, HealthOptions)[targets];
        for (var n = 0; n < targets; n++)
        {
            ids[n] = (string.Create(inv, $"carrier{n % 10:00}/sip:127.{1 + (n / (254 * 256))}.{(n / 254) % 256}.{1 + (n % 254)}:25060"), options);
        }

        var heap0 = GC.GetTotalMemory(true);
        var board = new HealthBoard(options, time);
        board.TrackAll(ids);
        var tracked = GC.GetTotalMemory(true);
        Answer(board, ids, time, 1);
        var answered = GC.GetTotalMemory(true);
        Answer(board, ids, time, RttEstimator.WindowSize);
        var full = GC.GetTotalMemory(true);
        Console.WriteLine(string.Create(inv, $"health board, {targets:N0} targets (ids excluded): tracked {(tracked - heap0) / targets:N0} B each, after the first answer {(answered - heap0) / targets:N0} B, with full RTT windows {(full - heap0) / targets:N0} B ({(full - heap0) / (1024 * 1024):N0} MB)"));
        var saved = board.Capture();
        var heap1 = GC.GetTotalMemory(true);
        var restored = new HealthBoard(options, time);
        restored.Restore(saved);
        var afterRestore = GC.GetTotalMemory(true);
        Console.WriteLine(string.Create(inv, $"a second board restored from those states (as after a restart): {(afterRestore - heap1) / targets:N0} B each"));
        GC.KeepAlive(board);
        GC.KeepAlive(restored);
    }

    private static void Answer(HealthBoard board, (string Id, HealthOptions)[] ids, SimClock time, int rounds)
    {
        for (var r = 0; r < rounds; r++)
        {
            time.AdvanceTo(time.GetUtcNow() + TimeSpan.FromSeconds(30));
            var at = time.GetUtcNow();
            foreach (var (id, _) in ids)
            {
                board.Apply(id, Signal.ProbeAnswered(at, TimeSpan.FromMilliseconds(1 + (r % 7))));
            }
        }
    }
}
