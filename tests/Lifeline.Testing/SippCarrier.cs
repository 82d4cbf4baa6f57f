using System.Globalization;

namespace Lifeline.Testing;

/// <summary>
/// A carrier gateway played by sipp on 127.0.0.1 at a free port, with its message trace kept, so a test can see
/// what reached this carrier and when (<see cref="Trace"/>). It can be killed (SIGKILL, as a crashed carrier
/// vanishes) and started again on the same port. Disposing kills it and deletes its trace folder.
/// </summary>
public sealed class SippCarrier : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("lifeline-carrier-");
    private readonly string _scenarioFile;
    private readonly string _transport;
    private readonly List<string> _tracePaths = [];
    private SippProcess? _sipp;

    private SippCarrier(string name, string scenarioFile, string transport)
    {
        Name = name;
        _scenarioFile = scenarioFile;
        _transport = transport;
        Port = FreePort.Get();
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>The gateway URI to put in a trunk's <c>gateways</c>.</summary>
    public string Uri => "sip:127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture) + (_transport == "tcp" ? ";transport=tcp" : string.Empty);

    /// <summary>What sipp printed (the current run), for failure messages.</summary>
    public string Output => _sipp?.Output ?? string.Empty;

    public bool IsRunning => _sipp is { HasExited: false };

    /// <summary>Starts sipp playing <paramref name="scenarioFile"/> and waits until it holds its port.</summary>
    public static SippCarrier Start(string name, string scenarioFile, string transport = "udp")
    {
        var carrier = new SippCarrier(name, scenarioFile, transport);
        try
        {
            carrier.Restart();
        }
        catch
        {
            carrier.Dispose();
            throw;
        }

        return carrier;
    }

    /// <summary>Starts the carrier again (after <see cref="Kill"/>) on the same port, with a new trace file.</summary>
    public void Restart()
    {
        _sipp?.Dispose();
        var trace = Path.Combine(_folder.FullName, $"{Name}_{_tracePaths.Count + 1}_short.log");
        _tracePaths.Add(trace);
        _sipp = SippProcess.Start(_scenarioFile, Port, _transport, "-trace_shortmsg", "-shortmessage_file", trace);
    }

    /// <summary>SIGKILL: the carrier vanishes at once; its port is closed.</summary>
    public void Kill() => _sipp?.Kill();

    /// <summary>Everything this carrier sent and received, over all its runs, in order.</summary>
    public SippTrace Trace() => SippTrace.Read(_tracePaths);

    public void Dispose()
    {
        _sipp?.Dispose();
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
