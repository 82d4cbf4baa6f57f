using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Lifeline.Testing;

/// <summary>
/// A sipp (Debian <c>sip-tester</c>) process playing one scenario on loopback, killed on dispose.
/// Its output is kept so a failing test can show what sipp said.
/// </summary>
public sealed class SippProcess : IDisposable
{
    private readonly Process _process;
    private readonly CapturedOutput _output = new();

    private SippProcess(Process process, int port, string transport)
    {
        _process = process;
        Port = port;
        Transport = transport;
    }

    public int Port { get; }

    public string Transport { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output => _output.ToString();

    /// <summary>
    /// Starts sipp with <paramref name="scenarioFile"/> listening on 127.0.0.1:<paramref name="port"/>
    /// over "udp" or "tcp", and waits until it holds the port.
    /// </summary>
    public static SippProcess Start(string scenarioFile, int port, string transport = "udp", params string[] extraArgs)
    {
        var sipp = PeerProgram.Require("sipp", "sip-tester");
        if (!File.Exists(scenarioFile))
        {
            throw new FileNotFoundException("sipp scenario not found", scenarioFile);
        }

        var psi = new ProcessStartInfo(sipp)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-sf", scenarioFile, "-i", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-nostdin", "-t", transport == "tcp" ? "t1" : "u1", "-timeout", "300s" })
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var arg in extraArgs)
        {
            psi.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = psi };
        var sippProcess = new SippProcess(process, port, transport);
        process.OutputDataReceived += (_, e) => sippProcess._output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => sippProcess._output.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        sippProcess.WaitUntilListening(TimeSpan.FromSeconds(15));
        return sippProcess;
    }

    private void WaitUntilListening(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"sipp exited with code {_process.ExitCode} before listening on {Port}:\n{Output}");
            }

            if (IsPortHeld())
            {
                return;
            }

            Thread.Sleep(20);
        }

        Dispose();
        throw new TimeoutException($"sipp did not listen on {Transport} 127.0.0.1:{Port} within {limit}:\n{Output}");
    }

    private bool IsPortHeld()
    {
        if (Transport == "tcp")
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Connect(new IPEndPoint(IPAddress.Loopback, Port));
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            udp.Bind(new IPEndPoint(IPAddress.Loopback, Port));
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }

    /// <summary>Kills sipp at once, as a crashed carrier would vanish.</summary>
    public void Kill() => _process.KillTree();

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
