using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lifeline.Testing;

/// <summary>
/// A real dnsmasq (Debian package <c>dnsmasq-base</c>) answering on 127.0.0.1 at a free port, with
/// records given as dnsmasq configuration lines (<c>host-record=</c>, <c>srv-host=</c>,
/// <c>naptr-record=</c>, <c>cname=</c>, <c>txt-record=</c> …). It serves only those records: no
/// upstream, no /etc/hosts. Names under <see cref="LocalDomain"/> that it does not know get NXDOMAIN.
/// Killed, and its configuration file deleted, on <see cref="Dispose"/>.
/// </summary>
public sealed class DnsmasqProcess : IDisposable
{
    /// <summary>The Debian package that provides the program.</summary>
    public const string DebianPackage = "dnsmasq-base";

    /// <summary>The domain dnsmasq answers for with authority (NXDOMAIN for unknown names).</summary>
    public const string LocalDomain = "test";

    private static readonly string[] Candidates = ["/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq"];

    private readonly Process _process;
    private readonly string _configPath;
    private readonly CapturedOutput _output;
    private bool _disposed;

    private DnsmasqProcess(Process process, string configPath, CapturedOutput output, IPEndPoint endPoint)
    {
        _process = process;
        _configPath = configPath;
        _output = output;
        EndPoint = endPoint;
    }

    /// <summary>Where dnsmasq listens, for both UDP and TCP.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>What dnsmasq printed so far (its log goes to stderr), for failure messages.</summary>
    public string Output => _output.ToString();

    /// <summary>The program's path, or a failure naming the Debian package when it is missing.</summary>
    public static string FindExecutable()
    {
        foreach (var candidate in Candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, "dnsmasq");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException(
            $"dnsmasq is not installed: the DNS tests need a real DNS server. Install the Debian package '{DebianPackage}' " +
            $"(sudo apt-get install -y {DebianPackage}), or run scripts/test.sh, which installs it.");
    }

    /// <summary>Starts dnsmasq with these configuration lines and returns once it answers queries.</summary>
    public static DnsmasqProcess Start(params string[] configLines)
    {
        var executable = FindExecutable();
        Exception? last = null;

        // The port is free when chosen but another process may take it before dnsmasq binds: retry.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                return StartOnce(executable, configLines);
            }
            catch (DnsmasqStartException e) when (e.AddressInUse)
            {
                last = e;
            }
        }

        throw new InvalidOperationException("dnsmasq could not bind a free port", last);
    }

    private static DnsmasqProcess StartOnce(string executable, string[] configLines)
    {
        var port = FreePort.Get(IPAddress.Loopback);
        var configPath = Path.Combine(Path.GetTempPath(), $"lifeline-dnsmasq-{Guid.NewGuid():N}.conf");
        var config = new StringBuilder();
        config.Append("local=/").Append(LocalDomain).Append("/\n");
        foreach (var line in configLines)
        {
            config.Append(line).Append('\n');
        }

        File.WriteAllText(configPath, config.ToString());

        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--no-daemon", "--keep-in-foreground", "--no-resolv", "--no-hosts",
                     "--listen-address=127.0.0.1", "--bind-interfaces", $"--port={port}",
                     $"--conf-file={configPath}", "--pid-file=", "--log-facility=-",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        // As root, dnsmasq drops privileges to "nobody"; stay root instead so it runs the same on
        // machines without that user. Unprivileged, it keeps the user it runs as.
        if (Environment.IsPrivilegedProcess)
        {
            info.ArgumentList.Add("--user=root");
        }

        var output = new CapturedOutput();
        var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        if (!process.Start())
        {
            File.Delete(configPath);
            throw new InvalidOperationException("dnsmasq did not start");
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var dnsmasq = new DnsmasqProcess(process, configPath, output, new IPEndPoint(IPAddress.Loopback, port));
        try
        {
            dnsmasq.WaitUntilAnswering(TimeSpan.FromSeconds(15));
            return dnsmasq;
        }
        catch
        {
            dnsmasq.Dispose();
            throw;
        }
    }

    private void WaitUntilAnswering(TimeSpan limit)
    {
        var query = ReadinessQuery();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveTimeout = 100;
        socket.Connect(EndPoint);
        var buffer = new byte[4096];
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < limit)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                var text = Output;
                throw new DnsmasqStartException(
                    $"dnsmasq exited with code {_process.ExitCode} before answering:\n{text}",
                    text.Contains("Address already in use", StringComparison.Ordinal));
            }

            try
            {
                socket.Send(query);
                var received = socket.Receive(buffer);
                if (received >= 12 && buffer[0] == query[0] && buffer[1] == query[1])
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening yet (refused) or no answer within the receive timeout: ask again.
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException($"dnsmasq did not answer on {EndPoint} within {limit}:\n{Output}");
    }

    // "ready.invalid. A": any answer at all (REFUSED included) shows dnsmasq is up.
    private static byte[] ReadinessQuery()
    {
        var query = new byte[12 + 15 + 4];
        BinaryPrimitives.WriteUInt16BigEndian(query, 0x4C4C);
        BinaryPrimitives.WriteUInt16BigEndian(query.AsSpan(2), 0x0100);
        BinaryPrimitives.WriteUInt16BigEndian(query.AsSpan(4), 1);
        var pos = 12;
        foreach (var label in new[] { "ready", "invalid" })
        {
            query[pos++] = (byte)label.Length;
            pos += Encoding.ASCII.GetBytes(label, query.AsSpan(pos));
        }

        query[pos++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(query.AsSpan(pos), 1);
        BinaryPrimitives.WriteUInt16BigEndian(query.AsSpan(pos + 2), 1);
        return query;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
            try
            {
                File.Delete(_configPath);
            }
            catch (IOException)
            {
                // Best effort: a temp file.
            }
        }
    }
}
