using System.Diagnostics;
using System.Globalization;
using Lifeline.Journal;

namespace Lifeline.Tests.Journal;

public sealed class JournalCrashTests : IDisposable
{
    private const int CommittedBeforeKill = 300;
    private readonly JournalTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Kill9_WhileWriting_EveryCommittedTransitionSurvivesAndFileIsSound()
    {
        var path = _folder.PathOf("crash.db");
        var lastCommitted = 0;
        var stderr = string.Empty;
        using (var child = StartChild(path))
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                while (lastCommitted < CommittedBeforeKill)
                {
                    var line = await child.StandardOutput.ReadLineAsync(timeout.Token);
                    if (line is null)
                    {
                        stderr = await child.StandardError.ReadToEndAsync(timeout.Token);
                        break;
                    }

                    if (line.StartsWith("committed ", StringComparison.Ordinal))
                    {
                        lastCommitted = int.Parse(line["committed ".Length..], CultureInfo.InvariantCulture);
                    }
                }

                lastCommitted.ShouldBeGreaterThanOrEqualTo(CommittedBeforeKill, "the child stopped early: " + stderr);

                // Process.Kill is SIGKILL on Linux: no finally blocks, no dispose, no flush.
                child.Kill();
                await child.WaitForExitAsync(timeout.Token);
            }
            finally
            {
                if (!child.HasExited)
                {
                    child.Kill(entireProcessTree: true);
                }
            }
        }

        var reopened = JournalDatabase.Open(path);
        reopened.IsSuccess.ShouldBeTrue(reopened.Error?.ToString());
        reopened.Database.CheckIntegrity().ShouldBe("ok");
        var reasons = new HashSet<string>(StringComparer.Ordinal);
        var reader = new JournalReader(reopened.Database);
        long? before = null;
        do
        {
            var page = reader.ReadTransitions(beforeId: before, limit: JournalReader.MaxPageSize);
            reasons.UnionWith(page.Items.Select(t => t.Reason));
            before = page.NextBeforeId;
        }
        while (before is not null);

        var missing = Enumerable.Range(1, lastCommitted).Where(i => !reasons.Contains("crash-test " + i.ToString(CultureInfo.InvariantCulture))).ToList();
        missing.ShouldBeEmpty($"transitions reported committed before the kill are missing (last reported {lastCommitted})");
    }

    private static Process StartChild(string journalPath)
    {
        var assembly = typeof(JournalCrashChild).Assembly.Location;
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(assembly);
        info.Environment[JournalCrashChild.PathVariable] = journalPath;
        return Process.Start(info) ?? throw new InvalidOperationException("could not start " + info.FileName);
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
