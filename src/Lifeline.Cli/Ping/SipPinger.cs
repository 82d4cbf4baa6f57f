using System.Net;
using System.Net.Sockets;
using Lifeline.Sip.Dns;
using Lifeline.Sip.Locating;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Stack;
using Lifeline.Sip.Transactions;
using Lifeline.Sip.Transports;
using Lifeline.Sip.Uris;
using Lifeline.Sip.Writing;

namespace Lifeline.Cli.Ping;

/// <summary>
/// Sends SIP OPTIONS to one target, one at a time, like ping(8): a fresh branch, Call-ID and CSeq
/// per probe, its own timeout (not the 32 s transaction timer), any response counted as an answer.
/// </summary>
internal sealed class SipPinger : IAsyncDisposable
{
    private readonly SipStack _stack;
    private readonly SipEndPoint _remote;
    private readonly SipUri _target;
    private readonly SipUri _from;
    private readonly SipSentBy _sentBy;
    private readonly TimeProvider _time;
    private uint _cseq;

    private SipPinger(SipStack stack, SipEndPoint remote, SipUri target, SipUri from, SipSentBy sentBy, TimeProvider time)
    {
        _stack = stack;
        _remote = remote;
        _target = target;
        _from = from;
        _sentBy = sentBy;
        _time = time;
        _cseq = (uint)Random.Shared.Next(1, 10_000);
    }

    public SipEndPoint Remote => _remote;

    /// <summary>Resolves the target (RFC 3263 when it names a domain) and opens a local endpoint toward it.</summary>
    public static async Task<PingSetupResult> CreateAsync(PingSettings settings, TimeProvider time, CancellationToken ct)
    {
        var uri = settings.Target;
        if (uri.Scheme == SipUriScheme.Sips || string.Equals(uri.Transport, "tls", StringComparison.OrdinalIgnoreCase))
        {
            return PingSetupResult.Failed($"{uri} needs TLS, which Lifeline does not speak yet: use a sip: URI over udp or tcp");
        }

        SipTransportKind? wanted = settings.Transport switch
        {
            SipTransportProtocol.Udp => SipTransportKind.Udp,
            SipTransportProtocol.Tcp => SipTransportKind.Tcp,
            _ => null,
        };
        if (wanted is null && uri.Transport is { } param)
        {
            if (!SipLocateRequest.TryParseTransport(param, out wanted) || wanted == SipTransportKind.Tls)
            {
                return PingSetupResult.Failed($"transport={param} in {uri} is not supported: use udp or tcp");
            }
        }

        var dns = settings.DnsServer is { } server ? new DnsClient(DnsClientOptions.ForServers(server), time) : DnsClient.FromSystemConfiguration(time);
        var locator = new SipServerLocator(dns);
        var located = await locator.LocateAsync(new SipLocateRequest(uri.HostWithoutBrackets, uri.Port, wanted), ct).ConfigureAwait(false);
        if (!located.IsSuccess)
        {
            return PingSetupResult.Failed($"cannot resolve {uri.Host}: {located.Error switch
            {
                SipLocateError.NameNotFound => "no such domain",
                SipLocateError.NoRecords => "no NAPTR, SRV, A or AAAA records for it",
                SipLocateError.Timeout => "no answer from the DNS server",
                SipLocateError.NoDnsServers => "no DNS server configured (see /etc/resolv.conf, or use --dns-server)",
                _ => located.Detail ?? located.Error.ToString(),
            }}");
        }

        var target = located.Targets.FirstOrDefault(t => t.Transport != SipTransportKind.Tls);
        if (target is null)
        {
            return PingSetupResult.Failed($"{uri.Host} offers only TLS targets, which Lifeline does not speak yet");
        }

        var protocol = target.Transport == SipTransportKind.Tcp ? SipTransportProtocol.Tcp : SipTransportProtocol.Udp;
        var remote = new SipEndPoint(protocol, target.EndPoint);
        if (!TryFindLocalAddress(remote.EndPoint, out var local, out var routeError))
        {
            return PingSetupResult.Failed($"cannot reach {remote.EndPoint}: {routeError}");
        }

        var scheme = protocol == SipTransportProtocol.Tcp ? "tcp" : "udp";
        var listen = local.AddressFamily == AddressFamily.InterNetworkV6 ? $"{scheme}:[{local}]:0" : $"{scheme}:{local}:0";
        var opened = await SipStack.OpenAsync([listen], timeProvider: time).ConfigureAwait(false);
        if (!opened.IsSuccess)
        {
            return PingSetupResult.Failed($"cannot open a local {scheme} socket on {local}: {opened.Error}");
        }

        var localEndPoint = opened.Stack.LocalEndPointFor(remote)!.Value.EndPoint;
        var host = local.ToString();
        var sentBy = new SipSentBy(scheme.ToUpperInvariant(), host, localEndPoint.Port);
        var from = settings.From ?? SipUri.Create(SipUriScheme.Sip, "lifeline", local.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host);
        var requestUri = protocol == SipTransportProtocol.Tcp && uri.Transport is null ? uri.WithParameter("transport", "tcp") : uri;
        return PingSetupResult.Ready(new SipPinger(opened.Stack, remote, requestUri, from, sentBy, time));
    }

    /// <summary>Sends one OPTIONS and waits for its final response or the timeout.</summary>
    public async Task<PingReply> PingAsync(int sequence, TimeSpan timeout)
    {
        var request = SipRequests.Options(_target, _sentBy, _from, ++_cseq, userAgent: "Lifeline ping").Build();
        var listener = new PingCompletionClock(_time);
        var started = _time.GetTimestamp();
        var transaction = _stack.Send(request, _remote, timeout, listener);
        var result = await transaction.Completion.ConfigureAwait(false);
        var rtt = _time.GetElapsedTime(started, listener.CompletedAt ?? _time.GetTimestamp());
        return result.Outcome switch
        {
            SipClientOutcome.Response => new PingReply(sequence, result.StatusCode, result.Response!.ReasonPhrase.ToString(), rtt, AgentOf(result.Response), null),
            SipClientOutcome.Timeout => new PingReply(sequence, 0, null, rtt, null, $"no answer in {timeout.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} ms"),
            SipClientOutcome.TransportError => new PingReply(sequence, 0, null, rtt, null, DescribeTransportError(result.TransportFailure)),
            _ => new PingReply(sequence, 0, null, rtt, null, "cancelled"),
        };
    }

    private static string? AgentOf(SipMessage response) =>
        response.GetHeaderValue(SipHeaderId.Server) ?? response.GetHeaderValue(SipHeaderId.UserAgent);

    private static string DescribeTransportError(Lifeline.Sip.Transactions.SipSendResult failure) => failure.SocketError switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.NetworkUnreachable => "network unreachable",
        SocketError.HostUnreachable => "host unreachable",
        SocketError.TimedOut => "connect timed out",
        _ => failure.Reason ?? "transport error",
    };

    /// <summary>
    /// The local address the kernel would send from toward <paramref name="remote"/>: connecting a UDP socket
    /// sends nothing but asks the routing table, and fails at once when the network is unreachable.
    /// </summary>
    private static bool TryFindLocalAddress(IPEndPoint remote, out IPAddress local, out string? error)
    {
        try
        {
            using var socket = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(remote);
            local = ((IPEndPoint)socket.LocalEndPoint!).Address;
            error = null;
            return true;
        }
        catch (SocketException e)
        {
            local = IPAddress.None;
            error = e.SocketErrorCode switch
            {
                SocketError.NetworkUnreachable => "network unreachable",
                SocketError.HostUnreachable => "host unreachable",
                SocketError.AddressFamilyNotSupported => "address family not supported on this machine",
                _ => e.Message,
            };
            return false;
        }
    }

    public ValueTask DisposeAsync() => _stack.DisposeAsync();
}
