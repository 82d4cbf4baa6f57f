using System.Globalization;

namespace Lifeline.Testing;

/// <summary>
/// A sipp <c>-trace_shortmsg</c> file, read back: every message a sipp process sent and received, with
/// microsecond timestamps. This is how a test sees what reached a carrier and when, without trusting the
/// program under test. sipp flushes each line as it writes it, so a running sipp's trace can be read too
/// (a last line still being written is skipped).
/// </summary>
public sealed class SippTrace
{
    private SippTrace(IReadOnlyList<SippTraceLine> lines) => Lines = lines;

    public static SippTrace Empty { get; } = new([]);

    public IReadOnlyList<SippTraceLine> Lines { get; }

    /// <summary>Reads the file; a missing file is an empty trace (sipp creates it at its first message).</summary>
    public static SippTrace Read(string path) => Read([path]);

    /// <summary>Reads several files (one sipp run each, in order) as one trace.</summary>
    public static SippTrace Read(IEnumerable<string> paths)
    {
        var lines = new List<SippTraceLine>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                Parse(ReadShared(path), lines);
            }
        }

        return new SippTrace(lines);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void Parse(string text, List<SippTraceLine> lines)
    {
        foreach (var raw in text.Split('\n'))
        {
            // date \t time \t epoch.micro \t S|R \t call-id \t CSeq:N METHOD \t first line
            var f = raw.TrimEnd('\r').Split('\t');
            if (f.Length < 7 || (f[3] != "S" && f[3] != "R") || !f[5].StartsWith("CSeq:", StringComparison.Ordinal))
            {
                continue;
            }

            if (!decimal.TryParse(f[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var epoch))
            {
                continue;
            }

            var cseq = f[5]["CSeq:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var at = DateTimeOffset.UnixEpoch.AddTicks((long)(epoch * TimeSpan.TicksPerSecond));
            lines.Add(new SippTraceLine(at, f[3] == "S", f[4], cseq.Length > 1 ? cseq[1] : string.Empty, f[6]));
        }
    }

    /// <summary>Requests of <paramref name="method"/> this sipp received (retransmissions included).</summary>
    public IEnumerable<SippTraceLine> RequestsReceived(string method) => Lines.Where(l => !l.Sent && l.IsRequestOf(method));

    /// <summary>Requests of <paramref name="method"/> this sipp sent (retransmissions included).</summary>
    public IEnumerable<SippTraceLine> RequestsSent(string method) => Lines.Where(l => l.Sent && l.IsRequestOf(method));

    /// <summary>The calls (Call-IDs) in which this sipp received at least one <paramref name="method"/> request.</summary>
    public HashSet<string> CallsReceiving(string method) => [.. RequestsReceived(method).Select(l => l.CallId)];

    /// <summary>The calls (Call-IDs) in which this sipp sent at least one <paramref name="method"/> request.</summary>
    public HashSet<string> CallsSending(string method) => [.. RequestsSent(method).Select(l => l.CallId)];

    /// <summary>The first final (2xx–6xx) response to <paramref name="method"/> in each call, sent or received.</summary>
    public Dictionary<string, SippTraceLine> FinalResponses(string method)
    {
        var result = new Dictionary<string, SippTraceLine>();
        foreach (var line in Lines)
        {
            if (line.IsResponseTo(method) && line.StatusCode >= 200)
            {
                result.TryAdd(line.CallId, line);
            }
        }

        return result;
    }

    /// <summary>The first <paramref name="method"/> request of each call (sent or received), i.e. not its retransmissions.</summary>
    public Dictionary<string, SippTraceLine> FirstRequests(string method)
    {
        var result = new Dictionary<string, SippTraceLine>();
        foreach (var line in Lines)
        {
            if (line.IsRequestOf(method))
            {
                result.TryAdd(line.CallId, line);
            }
        }

        return result;
    }
}
