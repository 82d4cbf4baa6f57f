using System.Diagnostics;
using System.Globalization;

namespace Lifeline.Testing;

/// <summary>
/// sipp (Debian <c>sip-tester</c>) as the dialer: plays a caller scenario toward a proxy on loopback, a given number
/// of calls at a given rate, and exits when they have ended. Keeps its message trace (<c>-trace_shortmsg</c>) and
/// statistics (<c>-trace_stat</c>) in a temporary folder; killed and the folder deleted on dispose.
/// </summary>
public sealed class SippDialer : IDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _folder;
    private readonly CapturedOutput _output = new();

    private SippDialer(Process process, DirectoryInfo folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    /// <summary>The local port sipp sends from and listens on.</summary>
    public int Port { get; }

    public bool HasExited => _process.HasExited;

    public string TracePath => Path.Combine(_folder.FullName, "dialer_short.log");

    private string StatPath => Path.Combine(_folder.FullName, "dialer_stat.csv");

    public string Output => _output.ToString();

    /// <summary>Starts placing calls with <paramref name="scenarioFile"/> toward 127.0.0.1:<paramref name="proxyPort"/>.</summary>
    public static SippDialer Start(string scenarioFile, int proxyPort, SippDialerOptions options)
    {
        var sipp = PeerProgram.Require("sipp", "sip-tester");
        if (!File.Exists(scenarioFile))
        {
            throw new FileNotFoundException("sipp scenario not found", scenarioFile);
        }

        var folder = Directory.CreateTempSubdirectory("lifeline-dialer-");
        var port = FreePort.Get();
        var inv = CultureInfo.InvariantCulture;
        var psi = new ProcessStartInfo(sipp)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder.FullName,
        };
        var args = new List<string>
        {
            "127.0.0.1:" + proxyPort.ToString(inv),
            "-sf", scenarioFile,
            "-s", options.Number,
            "-i", options.LocalIp,
            "-p", port.ToString(inv),
            "-t", options.Transport == "tcp" ? "t1" : "u1",
            "-m", options.Calls.ToString(inv),
            "-r", options.Rate.ToString(inv),
            "-d", ((long)options.Hold.TotalMilliseconds).ToString(inv),
            "-recv_timeout", ((long)options.ReceiveTimeout.TotalMilliseconds).ToString(inv) + "ms",
            "-nostdin",
            "-trace_shortmsg", "-shortmessage_file", Path.Combine(folder.FullName, "dialer_short.log"),
            "-trace_stat", "-stf", Path.Combine(folder.FullName, "dialer_stat.csv"), "-fd", "1",
            "-trace_err", "-error_file", Path.Combine(folder.FullName, "dialer_err.log"),
            "-trace_logs", "-log_file", Path.Combine(folder.FullName, "dialer_logs.log"),
        };
        if (options.MaxOpenCalls is { } max)
        {
            args.Add("-l");
            args.Add(max.ToString(inv));
        }

        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = psi };
        var dialer = new SippDialer(process, folder, port);
        process.OutputDataReceived += (_, e) => dialer._output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => dialer._output.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return dialer;
    }

    /// <summary>Runs <paramref name="scenarioFile"/> to completion; see <see cref="WaitAsync"/>.</summary>
    public static async Task<SippDialerResult> RunAsync(string scenarioFile, int proxyPort, SippDialerOptions options, TimeSpan limit)
    {
        using var dialer = Start(scenarioFile, proxyPort, options);
        return await dialer.WaitAsync(limit);
    }

    /// <summary>The trace so far (sipp flushes each line).</summary>
    public SippTrace Trace() => SippTrace.Read(TracePath);

    /// <summary>
    /// Waits until sipp has placed and ended every call; kills it and throws (with what it said) after
    /// <paramref name="limit"/>, which should be generous: a loaded machine is slow.
    /// </summary>
    public async Task<SippDialerResult> WaitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"the sipp dialer did not finish its calls within {limit}; {Trace().Lines.Count} messages traced\n{Tail(Output)}");
        }

        // Let the output readers take the last lines.
        _process.WaitForExit();
        var (successful, failed) = ReadCounters();
        var errors = Path.Combine(_folder.FullName, "dialer_err.log");
        var logs = Path.Combine(_folder.FullName, "dialer_logs.log");
        var output = Output
            + (File.Exists(errors) ? "\n--- unexpected messages (sipp -trace_err):\n" + Tail(File.ReadAllText(errors)) : string.Empty)
            + (File.Exists(logs) ? "\n--- scenario logs:\n" + Tail(File.ReadAllText(logs)) : string.Empty);
        return new SippDialerResult(_process.ExitCode, successful, failed, Trace(), output);
    }

    /// <summary>SuccessfulCall(C) and FailedCall(C) from the last row of sipp's statistics file.</summary>
    private (int Successful, int Failed) ReadCounters()
    {
        if (!File.Exists(StatPath))
        {
            return (0, 0);
        }

        var rows = File.ReadAllLines(StatPath).Where(l => l.Contains(';', StringComparison.Ordinal)).ToList();
        if (rows.Count < 2)
        {
            return (0, 0);
        }

        var head = rows[0].Split(';');
        var last = rows[^1].Split(';');
        int Column(string name)
        {
            var i = Array.IndexOf(head, name);
            return i >= 0 && i < last.Length && int.TryParse(last[i], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
        }

        return (Column("SuccessfulCall(C)"), Column("FailedCall(C)"));
    }

    private static string Tail(string text) => text.Length > 6000 ? text[^6000..] : text;

    public void Kill() => _process.KillTree();

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner gets it.
        }
    }
}
