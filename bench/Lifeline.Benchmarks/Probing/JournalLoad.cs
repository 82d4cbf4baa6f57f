using System.Diagnostics;
using System.Globalization;
using Lifeline.Journal;

namespace Lifeline.Benchmarks.Probing;

/// <summary>
/// The journal's share of the 100,000-gateway daemon, alone: per-target probe-minute rows arriving at the pace the
/// prober produces them (targets / 60 a second, evenly, in 10 ms steps), written by the real <see cref="JournalWriter"/>
/// into a fresh journal that already holds <c>--prefill</c> minutes of rows. Prints the process's CPU (utime + stime)
/// as a share of one core over the window, the journal and WAL size, and the rows written.
/// <code>dotnet run -c Release --project bench/Lifeline.Benchmarks -- journal-load --targets 100000 --seconds 60 --prefill 10</code>
/// </summary>
internal static class JournalLoad
{
    public static void Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        var targets = Arg(args, "--targets", 100_000);
        var seconds = Arg(args, "--seconds", 60);
        var prefill = Arg(args, "--prefill", 10);
        var dir = Directory.CreateTempSubdirectory("lifeline-journal-load");
        try
        {
            var path = Path.Combine(dir.FullName, "journal.db");
            var opened = JournalDatabase.Open(path);
            var database = opened.Database ?? throw new InvalidOperationException(opened.Error?.ToString());
            var ids = new string[targets];
            for (var n = 0; n < targets; n++)
            {
                ids[n] = string.Create(inv, $"carrier{n % 10:00}/sip:127.{1 + (n / (254 * 256))}.{(n / 254) % 256}.{1 + (n % 254)}:25060");
            }

            var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var writer = JournalWriter.Start(database, new JournalOptions { ProbeStatsRetention = TimeSpan.FromDays(3650) }, TimeProvider.System);
            var minute = 0;
            for (; minute < prefill; minute++)
            {
                for (var n = 0; n < targets; n++)
                {
                    while (!writer.TryAppendProbeMinute(Row(ids[n], start, minute, n)))
                    {
                        writer.FlushAsync().GetAwaiter().GetResult();
                    }
                }
            }

            writer.FlushAsync().GetAwaiter().GetResult();
            Console.WriteLine(string.Create(inv, $"prefilled {prefill} minutes of {targets:N0} targets"));

            var perStep = targets / 60.0 / 100.0;
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var sent = 0L;
            var next = 0;
            for (var step = 0; step < seconds * 100; step++)
            {
                var due = (long)((step + 1) * perStep);
                for (; sent < due; sent++)
                {
                    writer.TryAppendProbeMinute(Row(ids[next], start, minute, next));
                    if (++next == targets)
                    {
                        next = 0;
                        minute++;
                    }
                }

                var wait = TimeSpan.FromMilliseconds((step + 1) * 10) - wall.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    Thread.Sleep(wait);
                }
            }

            writer.FlushAsync().GetAwaiter().GetResult();
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            var elapsed = wall.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(inv, $"{sent:N0} rows in {elapsed:0.0} s ({sent / elapsed:N0}/s); CPU {cpu:0.00} s = {100 * cpu / elapsed:0.0}% of one core; dropped {writer.DroppedProbeMinutes:N0}"));
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Console.WriteLine(string.Create(inv, $"journal {new FileInfo(path).Length / 1048576.0:0.0} MB, WAL {(File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length / 1048576.0 : 0):0.0} MB"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static ProbeMinute Row(string id, DateTimeOffset start, int minute, int n)
    {
        var rtt = TimeSpan.FromMicroseconds(300 + n % 200);
        return new ProbeMinute(id, start.AddMinutes(minute), 2, 2, 0, rtt, rtt, rtt, rtt);
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
