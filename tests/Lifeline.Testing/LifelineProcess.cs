using System.Diagnostics;

namespace Lifeline.Testing;

/// <summary>
/// Runs the built <c>lifeline</c> program as a separate process, the way an operator would.
/// The program's files are copied next to the test assembly by its project reference.
/// </summary>
public sealed class LifelineProcess : IDisposable
{
    private readonly Process _process;
    private readonly CapturedOutput _stdout = new(4_000_000);
    private readonly CapturedOutput _stderr = new(4_000_000);

    private LifelineProcess(Process process) => _process = process;

    public static string ProgramPath => Path.Combine(AppContext.BaseDirectory, "lifeline.dll");

    public string StandardOutput => _stdout.ToString();

    public string StandardError => _stderr.ToString();

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static LifelineProcess Start(IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        if (!File.Exists(ProgramPath))
        {
            throw new FileNotFoundException("the lifeline program was not built next to the tests", ProgramPath);
        }

        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(ProgramPath);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                psi.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var lifeline = new LifelineProcess(process);
        process.OutputDataReceived += (_, e) => lifeline._stdout.Add(e.Data);
        process.ErrorDataReceived += (_, e) => lifeline._stderr.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return lifeline;
    }

    /// <summary>Runs the program to completion (or kills it after <paramref name="limit"/>) and returns its exit code.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)> RunAsync(IEnumerable<string> args, TimeSpan limit)
    {
        using var process = Start(args);
        var started = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process._process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"lifeline {string.Join(' ', args)} did not exit within {limit}.\nstdout:\n{process.StandardOutput}\nstderr:\n{process.StandardError}");
        }

        // Let the asynchronous readers drain the last lines.
        process._process.WaitForExit();
        return (process.ExitCode, process.StandardOutput, process.StandardError, started.Elapsed);
    }

    public Task WaitForExitAsync(CancellationToken ct = default) => _process.WaitForExitAsync(ct);

    /// <summary>Sends SIGTERM, as systemd or Ctrl-C would.</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill?.WaitForExit();
        }
    }

    /// <summary>SIGKILL: the process dies at once, with no chance to clean up.</summary>
    public void Kill() => _process.KillTree();

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
