using System.Net;

namespace Lifeline.Sip.Dns;

/// <summary>
/// Settings of a <see cref="DnsClient"/>: which servers to ask, how long to wait, how often to try.
/// A query can take at most <see cref="Attempts"/> × servers × <see cref="Timeout"/> (twice that
/// per exchange when a truncated answer sends it over TCP).
/// </summary>
public sealed record DnsClientOptions
{
    /// <summary>The standard DNS port.</summary>
    public const int DefaultPort = 53;

    /// <summary>The servers, asked in this order on every attempt.</summary>
    public IReadOnlyList<IPEndPoint> Servers { get; init; } = [];

    /// <summary>How long to wait for one server's answer on one attempt.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many rounds over all servers before giving up.</summary>
    public int Attempts { get; init; } = 2;

    /// <summary>How many answers to remember by their TTL; 0 turns the cache off.</summary>
    public int CacheSize { get; init; } = 512;

    /// <summary>The longest time an answer is remembered, whatever its TTL says.</summary>
    public TimeSpan MaxCacheTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Options asking the given servers.</summary>
    public static DnsClientOptions ForServers(params IPEndPoint[] servers) => new() { Servers = servers };

    /// <summary>
    /// Options from a resolv.conf file: its <c>nameserver</c> lines (port 53) and its
    /// <c>options timeout:</c> and <c>attempts:</c>. Like the C library, a file that is missing or names
    /// no server means the local server 127.0.0.1.
    /// </summary>
    public static DnsClientOptions FromResolvConf(string path = "/etc/resolv.conf")
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            text = string.Empty;
        }

        return ResolvConfParser.Parse(text, new DnsClientOptions());
    }
}
