using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Lifeline.Sip.Tests.Transports;

/// <summary>Runs sipp (Debian package sip-tester) to completion against a transport on loopback.</summary>
internal static class TransportSipp
{
    public static string Executable()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator).Append("/usr/bin"))
        {
            var candidate = Path.Combine(directory, "sipp");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail("sipp is not installed: install the Debian package sip-tester (sudo apt-get install sip-tester)");
        return "";
    }

    /// <summary>The scenario file kept beside this source file, in Scenarios/.</summary>
    public static string Scenario(string name, [CallerFilePath] string here = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(here)!, "Scenarios", name);
        File.Exists(path).ShouldBeTrue($"scenario file {path} is missing");
        return path;
    }

    /// <summary>Runs sipp in a scratch directory (removed afterwards); kills it if it outlives <paramref name="limit"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, TimeSpan limit)
    {
        var scratch = Directory.CreateTempSubdirectory("lifeline-sipp-");
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = scratch.FullName,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(limit);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"sipp ran longer than {limit.TotalSeconds} s");
            }

            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            scratch.Delete(recursive: true);
        }
    }
}
