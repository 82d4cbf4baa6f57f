using BenchmarkDotNet.Running;

namespace Lifeline.Benchmarks;

internal static class Program
{
    public static void Main(string[] args)
    {
        // Plain simulations (not BenchmarkDotNet) are dispatched by name before the switcher.
        if (args.Length > 0 && args[0] == "health-sim")
        {
            Health.HealthSimulation.Run(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "board-memory")
        {
            Health.BoardMemory.Run(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "probing-load")
        {
            Probing.ProbingLoad.Run(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "journal-load")
        {
            Probing.JournalLoad.Run(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
