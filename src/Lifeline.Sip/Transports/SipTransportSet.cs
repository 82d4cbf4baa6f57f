using System.Net;

namespace Lifeline.Sip.Transports;

/// <summary>
/// The transports a node listens on (for example <c>udp:0.0.0.0:5060</c>, <c>tcp:[::]:5060</c>), used as one
/// <see cref="ISipSender"/>: each send goes out through the transport of the remote's protocol and address family.
/// </summary>
public sealed class SipTransportSet : ISipSender, IAsyncDisposable
{
    private readonly ISipTransport[] _transports;

    /// <summary>A set over transports opened elsewhere (or fakes); the set owns and disposes them.</summary>
    public SipTransportSet(IEnumerable<ISipTransport> transports)
    {
        ArgumentNullException.ThrowIfNull(transports);
        _transports = [.. transports];
    }

    public IReadOnlyList<ISipTransport> Transports => _transports;

    /// <summary>Parses listen strings (<c>udp:HOST:PORT</c>, <c>tcp:[V6]:PORT</c>) and opens them; the first bad string or failed bind is the error.</summary>
    public static Task<SipTransportSetOpenResult> OpenAsync(IEnumerable<string> listen, ISipMessageHandler handler, SipTransportOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var endPoints = new List<SipEndPoint>();
        foreach (var text in listen)
        {
            if (!SipEndPoint.TryParse(text, out var endPoint, out var error))
            {
                return Task.FromResult(SipTransportSetOpenResult.Failure("bad listen address " + error));
            }

            endPoints.Add(endPoint);
        }

        return OpenAsync(endPoints, handler, options, timeProvider);
    }

    /// <summary>Opens a transport per end point, all delivering to <paramref name="handler"/>; on any failure closes those already open.</summary>
    public static async Task<SipTransportSetOpenResult> OpenAsync(IEnumerable<SipEndPoint> listen, ISipMessageHandler handler, SipTransportOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var opened = new List<ISipTransport>();
        foreach (var endPoint in listen)
        {
            var result = SipTransport.Open(endPoint, handler, options, timeProvider);
            if (!result.IsSuccess)
            {
                foreach (var transport in opened)
                {
                    await transport.DisposeAsync().ConfigureAwait(false);
                }

                return SipTransportSetOpenResult.Failure(result.Error);
            }

            opened.Add(result.Transport);
        }

        return opened.Count == 0
            ? SipTransportSetOpenResult.Failure("no listen address given")
            : SipTransportSetOpenResult.Success(new SipTransportSet(opened));
    }

    /// <summary>
    /// The transport to send to <paramref name="remote"/> from: same protocol and address family; a transport bound
    /// to loopback only for loopback peers (it cannot reach others), and preferred for them. Null when none fits.
    /// </summary>
    public ISipTransport? Select(SipEndPoint remote)
    {
        if (remote.IsEmpty)
        {
            return null;
        }

        var remoteIsLoopback = IPAddress.IsLoopback(remote.EndPoint.Address);
        ISipTransport? fallback = null;
        foreach (var transport in _transports)
        {
            var local = transport.LocalEndPoint;
            if (transport.Protocol != remote.Protocol || local.AddressFamily != remote.AddressFamily)
            {
                continue;
            }

            var localIsLoopback = IPAddress.IsLoopback(local.EndPoint.Address);
            if (localIsLoopback == remoteIsLoopback)
            {
                return transport;
            }

            if (!localIsLoopback)
            {
                fallback ??= transport;
            }
        }

        return fallback;
    }

    /// <inheritdoc/>
    public ValueTask<SipSendResult> SendAsync(ReadOnlyMemory<byte> message, SipEndPoint remote, SipConnectionId connection = default, CancellationToken cancellationToken = default)
    {
        if (!connection.IsNone)
        {
            foreach (var transport in _transports)
            {
                if (transport.HasConnection(connection))
                {
                    return transport.SendAsync(message, remote, connection, cancellationToken);
                }
            }

            return ValueTask.FromResult(new SipSendResult(SipSendStatus.ConnectionClosed, connection));
        }

        var selected = Select(remote);
        return selected is null
            ? ValueTask.FromResult(new SipSendResult(SipSendStatus.NoTransport))
            : selected.SendAsync(message, remote, connection, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<SipSendResult> SendKeepAliveAsync(SipEndPoint remote, CancellationToken cancellationToken = default)
    {
        var selected = Select(remote);
        return selected is null
            ? ValueTask.FromResult(new SipSendResult(SipSendStatus.NoTransport))
            : selected.SendKeepAliveAsync(remote, cancellationToken);
    }

    /// <summary>The counters of all transports, added up.</summary>
    public SipTransportStatistics GetStatistics()
    {
        var total = default(SipTransportStatistics);
        foreach (var transport in _transports)
        {
            total += transport.GetStatistics();
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var transport in _transports)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override string ToString() => string.Join(", ", _transports.Select(t => t.LocalEndPoint.ToString()));
}
