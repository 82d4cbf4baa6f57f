using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Lifeline.Journal;

namespace Lifeline.Tests.Journal;

/// <summary>
/// The child process of the kill -9 test. The test runs this very assembly with
/// <c>dotnet exec Lifeline.Tests.dll</c> and an environment variable naming a journal file; this
/// module initializer then writes transitions forever, printing "committed N" after each flush,
/// until the test kills it. Under the test host the variable is unset (and the entry assembly is
/// not this one), so it does nothing. No extra project is needed.
/// </summary>
internal static class JournalCrashChild
{
    public const string PathVariable = "LIFELINE_TEST_JOURNAL_CRASH_CHILD";

#pragma warning disable CA2255 // A module initializer is the child's entry point: see the summary.
    [ModuleInitializer]
    internal static void RunIfChild()
#pragma warning restore CA2255
    {
        var path = Environment.GetEnvironmentVariable(PathVariable);
        if (path is null || Assembly.GetEntryAssembly() != typeof(JournalCrashChild).Assembly)
        {
            return;
        }

        // Synchronous on purpose: no continuation of this module's code runs on another thread while
        // the module initializer is still running.
        Environment.Exit(Run(path));
    }

    private static int Run(string path)
    {
        var open = JournalDatabase.Open(path);
        if (!open.IsSuccess)
        {
            Console.Error.WriteLine(open.Error.ToString());
            return 2;
        }

        var writer = JournalWriter.Start(open.Database, new JournalOptions(), TimeProvider.System);
        var start = TimeProvider.System.GetUtcNow();
        for (var i = 1; ; i++)
        {
            writer.AppendTransitionAsync(new JournalTransition(start.AddMilliseconds(i), "gw" + (i % 7).ToString(CultureInfo.InvariantCulture), "gateway", "Up", "Suspect", "crash-test " + i.ToString(CultureInfo.InvariantCulture)))
                .AsTask().GetAwaiter().GetResult();

            // Keep the writer busy with bulk rows so the kill lands in the middle of a write.
            for (var k = 0; k < 50; k++)
            {
                writer.TryAppendProbeMinute(new ProbeMinute("gw" + k.ToString(CultureInfo.InvariantCulture), start.AddMinutes(i), 12, 11, 1, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(50)));
            }

            if (i % 10 == 0)
            {
                writer.FlushAsync().GetAwaiter().GetResult();
                Console.Out.WriteLine("committed " + i.ToString(CultureInfo.InvariantCulture));
                Console.Out.Flush();
            }
        }
    }
}
