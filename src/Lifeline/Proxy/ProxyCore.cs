using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Lifeline.Monitoring;
using Lifeline.Routing;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Stack;
using Lifeline.Sip.Transactions;
using Lifeline.Sip.Transports;
using Lifeline.Sip.Uris;
using Lifeline.Sip.Writing;
using Microsoft.Extensions.Logging;

namespace Lifeline.Proxy;

/// <summary>
/// The proxy core (RFC 3261 §16) as the transaction user of a <see cref="SipStack"/>: initial INVITEs from allowed
/// sources become <see cref="ProxyCall"/>s that fail over along their route plan; in-dialog requests and ACKs for
/// 2xx follow their Route set without any per-call memory; stray 2xx retransmissions follow their Via.
/// </summary>
internal sealed partial class ProxyCore : ISipTransactionUser
{
    /// <summary>The Record-Route URI parameter naming the trunk a call went out on.</summary>
    public const string TrunkParameter = "ltr";

    /// <summary>
    /// The Record-Route URI parameter saying how much the proxy added to the dialer's CSeq numbers in this dialog
    /// (1 after an authenticated resend): its in-dialog requests to the carrier are renumbered by it.
    /// </summary>
    public const string CSeqOffsetParameter = "lcs";

    private static ReadOnlySpan<byte> TrunkParameterBytes => "ltr"u8;

    private static ReadOnlySpan<byte> CSeqOffsetParameterBytes => "lcs"u8;

    private readonly ProxyOptions _options;
    private readonly IRoutePlanner _planner;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ProxyGateway> _gateways = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _recordRoutesUdp = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _recordRoutesTcp = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _renumberedRoutesUdp = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _renumberedRoutesTcp = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TrunkLoad> _loads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, long> _forbiddenLogged = new();
    private SipStack? _stack;
    private long _faults;
    private ProxyAddress? _address;

    public ProxyCore(
        ProxyOptions options,
        IRoutePlanner planner,
        ISignalSink signals,
        ProxyStatistics statistics,
        TimeProvider time,
        ILogger logger,
        ProxyRecords? records = null,
        ProxyMetrics? metrics = null)
    {
        _options = options;
        _planner = planner;
        Signals = signals;
        Statistics = statistics;
        Time = time;
        _logger = logger;
        Records = records;
        Metrics = metrics;
    }

    public TimeProvider Time { get; }

    public ISignalSink Signals { get; }

    public ProxyStatistics Statistics { get; }

    public ProxyRecords? Records { get; }

    public ProxyMetrics? Metrics { get; }

    public IRoutePlanner Planner => _planner;

    /// <summary>Whether calls are record-routed (so their BYE passes through and frees the trunk slot).</summary>
    public bool RecordsRoute => _options.RecordRoute;

    /// <summary>How the proxy names itself on the wire (set by <see cref="Attach"/>).</summary>
    public ProxyAddress Address => _address ?? throw new InvalidOperationException("the proxy is not attached to a stack");

    private SipStack Stack => _stack ?? throw new InvalidOperationException("the proxy is not attached to a stack");

    /// <summary>Connects the core to the stack it is the transaction user of, once the stack is open.</summary>
    public void Attach(SipStack stack)
    {
        _address = ProxyAddress.From(stack.Transports);
        _stack = stack;
    }

    public void OnRequest(SipServerTransaction transaction)
    {
        var request = transaction.Request;
        if (_stack is null)
        {
            transaction.SendResponse(SipResponses.Create(request, 503, "Starting").Build());
            return;
        }

        var kind = request.Method.Kind;
        if (kind == SipMethodKind.Cancel)
        {
            OnCancel(transaction);
            return;
        }

        if (request.TryGetTo(out var to) && to.HasTag)
        {
            RouteInDialog(transaction);
            return;
        }

        if (kind == SipMethodKind.Invite)
        {
            OnInitialInvite(transaction);
            return;
        }

        if (kind == SipMethodKind.Options)
        {
            // Dialers and carriers qualify their trunk to us with OPTIONS: we are up.
            transaction.SendResponse(SipResponses.Create(request, 200).AddHeader(SipHeaderId.Allow, "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, PRACK, REFER, NOTIFY").Build());
            return;
        }

        if (!IsAllowed(transaction.Peer))
        {
            Forbid(transaction);
            return;
        }

        transaction.SendResponse(SipResponses.Create(request, 405).AddHeader(SipHeaderId.Allow, "INVITE, ACK, CANCEL, BYE, OPTIONS").Build());
    }

    public void OnAck(SipMessage ack, SipTransactionDestination source, SipServerTransaction? transaction)
    {
        // The ACK for a 2xx is a transaction of its own (RFC 3261 §13.2.2.4): forwarded statelessly along its Route set.
        if (_stack is null || !TryNextHop(ack, source, out var hop, out _, out _, out var renumbered))
        {
            return;
        }

        var via = ProxyBranch.NewVia(hop.Protocol == SipTransportProtocol.Tcp ? Address.TcpViaPrefix : Address.UdpViaPrefix);
        var bytes = ProxyWire.EditToArray(ack, new SipMessageEdits
        {
            PrependVia = via,
            DecrementMaxForwards = true,
            MaxForwardsWhenAbsent = _options.MaxForwards,
            PopTopRoute = true,
            CSeq = renumbered,
        }, out _);
        if (bytes is not null)
        {
            _ = SendDetachedAsync(bytes, hop);
        }
    }

    public void OnStrayResponse(SipMessage response, SipTransactionDestination source) => ForwardByVia(response);

    public void OnServerTransactionFailed(SipServerTransaction transaction, SipServerFailure failure)
    {
        // A dialer that never ACKs our final response, or a broken connection: nothing left to do for the call.
    }

    /// <summary>The parsed form of a gateway URI, made once per URI.</summary>
    public ProxyGateway Gateway(string uri)
    {
        if (_gateways.TryGetValue(uri, out var gateway))
        {
            return gateway;
        }

        gateway = _gateways.GetOrAdd(uri, ProxyGateway.Create(uri));
        if (!gateway.IsUsable)
        {
            LogUnusableGateway(_logger, uri, gateway.Error!);
        }

        return gateway;
    }

    /// <summary>The INVITE of <paramref name="attempt"/>: the dialer's with our Via, Max-Forwards − 1, Record-Route and the gateway's Request-URI.</summary>
    public SipMessage? BuildInvite(ProxyCall call, ProxyAttempt attempt, ReadOnlyMemory<byte> cseq = default, ReadOnlyMemory<byte> appendHeaders = default)
    {
        var request = call.Request;
        var gateway = attempt.Gateway;
        var number = attempt.Call.Normalized;
        var uri = new byte[gateway.Scheme.Length + Encoding.UTF8.GetByteCount(number) + gateway.HostPart.Length];
        gateway.Scheme.CopyTo(uri, 0);
        var at = gateway.Scheme.Length + Encoding.UTF8.GetBytes(number, uri.AsSpan(gateway.Scheme.Length));
        gateway.HostPart.CopyTo(uri, at);

        var edits = new SipMessageEdits
        {
            PrependVia = ProxyBranch.NewVia(gateway.EndPoint.Protocol == SipTransportProtocol.Tcp ? Address.TcpViaPrefix : Address.UdpViaPrefix),
            DecrementMaxForwards = true,
            MaxForwardsWhenAbsent = _options.MaxForwards,
            RecordRoute = _options.RecordRoute ? RecordRoute(attempt.Route.Trunk, call.ViaTcp, renumbered: !cseq.IsEmpty) : default,
            PopTopRoute = request.TryGetTopRoute(out var route) && IsOurRoute(route, out _),
            RequestUri = uri,
            CSeq = cseq,
            AppendHeaders = appendHeaders,
        };
        return ProxyWire.Edit(request, edits, out _);
    }

    /// <summary>Starts the client transaction of an attempt's INVITE, with its first-response timeout.</summary>
    public SipClientTransaction SendInvite(SipMessage invite, ProxyAttempt attempt) =>
        Stack.Send(invite, attempt.Gateway.EndPoint, _planner.FirstResponseTimeout(attempt.Route), attempt);

    /// <summary>A response to pass back: our Via removed. Null when it cannot be (no Via, unreadable).</summary>
    public SipMessage? ResponseUpstream(SipMessage response) => ProxyWire.Edit(response, new SipMessageEdits { RemoveTopVia = true }, out _);

    /// <summary>A response of an attempt to pass back: our Via removed, the dialer's CSeq back when the attempt was renumbered.</summary>
    public SipMessage? ResponseUpstream(SipMessage response, ProxyAttempt attempt) => attempt.Authorized
        ? ProxyWire.Edit(response, new SipMessageEdits { RemoveTopVia = true, CSeq = attempt.Call.CSeqValue }, out _)
        : ResponseUpstream(response);

    /// <summary>
    /// Forwards a response statelessly (RFC 3261 §16.11): a 2xx retransmission or a late 2xx that no transaction
    /// waits for. Only responses to requests we forwarded (our branch on top) are passed on.
    /// </summary>
    public void ForwardByVia(SipMessage response)
    {
        if (_stack is null || !response.TryGetTopVia(out var top) || !ProxyBranch.IsOurs(top.Branch.Span))
        {
            return;
        }

        var second = false;
        SipVia next = default;
        var index = 0;
        foreach (var via in response.Vias)
        {
            if (index++ == 1)
            {
                next = via;
                second = true;
                break;
            }
        }

        if (!second || !TryViaDestination(next, out var destination))
        {
            return;
        }

        var bytes = ProxyWire.EditToArray(response, new SipMessageEdits { RemoveTopVia = true, CSeq = DialerCSeq(response) }, out _);
        if (bytes is not null)
        {
            _ = SendDetachedAsync(bytes, destination);
        }
    }

    /// <summary>For a response in a dialog our Record-Route marks as renumbered: the dialer's own CSeq; else empty.</summary>
    private static ReadOnlyMemory<byte> DialerCSeq(SipMessage response)
    {
        foreach (var recordRoute in response.RecordRoutes)
        {
            if (ParameterOf(recordRoute.Uri.Span, CSeqOffsetParameterBytes) is { } offsetText
                && int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset > 0
                && response.TryGetCSeq(out var cseq) && cseq.Sequence >= (uint)offset)
            {
                return Encoding.ASCII.GetBytes((cseq.Sequence - (uint)offset).ToString(CultureInfo.InvariantCulture) + " " + cseq.Method.ToString());
            }
        }

        return default;
    }

    private void OnInitialInvite(SipServerTransaction transaction)
    {
        var request = transaction.Request;
        if (!IsAllowed(transaction.Peer))
        {
            Forbid(transaction);
            return;
        }

        if (request.TryGetMaxForwards(out var maxForwards) && maxForwards == 0)
        {
            transaction.SendResponse(SipResponses.Create(request, 483).Build());
            return;
        }

        transaction.SendResponse(SipResponses.Create(request, 100).Build());
        if (!request.TryGetRequestUri(out var requestUri) || string.IsNullOrEmpty(requestUri.User))
        {
            transaction.SendResponse(SipResponses.Create(request, 484).AddReason("SIP", 484, "no number in the Request-URI").Build());
            return;
        }

        Statistics.CallReceived();
        var dialed = requestUri.User;
        var plan = _planner.Plan(dialed);
        var call = new ProxyCall(this, transaction, dialed, plan);
        transaction.UserState = call;
        if (!plan.HasAttempts)
        {
            call.Refuse();
            return;
        }

        call.StartNext();
    }

    private void OnCancel(SipServerTransaction transaction)
    {
        var invite = transaction.CancelledInvite;
        if (invite is null)
        {
            transaction.SendResponse(SipResponses.Create(transaction.Request, 481).Build());
            return;
        }

        transaction.SendResponse(SipResponses.Create(transaction.Request, 200).Build());
        switch (invite.UserState)
        {
            case ProxyCall call:
                call.Cancel();
                break;
            case ProxyDialogRequest relay:
                relay.Cancel();
                break;
        }
    }

    private void RouteInDialog(SipServerTransaction transaction)
    {
        var request = transaction.Request;
        if (!request.TryGetTopRoute(out var route) || !IsOurRoute(route, out _))
        {
            // Not a dialog we record-routed: we are not the place to send it.
            transaction.SendResponse(SipResponses.Create(request, 404, "Not Routed Through This Proxy").Build());
            return;
        }

        if (!TryNextHop(request, transaction.Peer, out var hop, out var trunk, out var refusal, out var renumbered))
        {
            if (refusal == 403)
            {
                Forbid(transaction);
            }
            else
            {
                transaction.SendResponse(SipResponses.Create(request, refusal).Build());
            }

            return;
        }

        var edits = new SipMessageEdits
        {
            PrependVia = ProxyBranch.NewVia(hop.Protocol == SipTransportProtocol.Tcp ? Address.TcpViaPrefix : Address.UdpViaPrefix),
            DecrementMaxForwards = true,
            MaxForwardsWhenAbsent = _options.MaxForwards,
            PopTopRoute = true,
            CSeq = renumbered,
        };
        var forwarded = ProxyWire.Edit(request, edits, out var status);
        if (forwarded is null)
        {
            transaction.SendResponse(SipResponses.Create(request, status == SipEditStatus.MaxForwardsExhausted ? 483 : 400).Build());
            return;
        }

        var original = renumbered.IsEmpty || !request.TryGetHeader(SipHeaderId.CSeq, out var cseqHeader) ? default : cseqHeader.ValueMemory;
        var relay = new ProxyDialogRequest(this, transaction, request.Method.Kind == SipMethodKind.Bye ? trunk : null, original);
        transaction.UserState = relay;
        relay.Start(Stack, forwarded, hop);
    }

    /// <summary>
    /// Where an in-dialog request goes once our own Route is popped: the next Route, else the Request-URI.
    /// Refused (403) when neither the source nor the next hop is a dialer: strangers may not use us to reach carriers.
    /// </summary>
    private bool TryNextHop(SipMessage request, SipTransactionDestination source, out SipEndPoint hop, out string? trunk, out int refusal, out ReadOnlyMemory<byte> renumbered)
    {
        hop = default;
        trunk = null;
        refusal = 404;
        renumbered = default;
        var index = 0;
        SipNameAddr next = default;
        var hasNext = false;
        foreach (var route in request.Routes)
        {
            if (index++ == 0)
            {
                if (!IsOurRoute(route, out trunk))
                {
                    return false;
                }

                // After an authenticated resend the carrier counts the dialer's CSeq one higher (see ProxyCore.Auth.cs).
                if (ParameterOf(route.Uri.Span, CSeqOffsetParameterBytes) is { } offsetText
                    && int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset > 0
                    && IsAllowed(source) && request.TryGetCSeq(out var cseq))
                {
                    renumbered = Encoding.ASCII.GetBytes((cseq.Sequence + (uint)offset).ToString(CultureInfo.InvariantCulture) + " " + cseq.Method.ToString());
                }

                continue;
            }

            next = route;
            hasNext = true;
            break;
        }

        if (index == 0)
        {
            return false;
        }

        SipUri? target;
        if (hasNext)
        {
            if (!next.TryGetUri(out var routeUri))
            {
                refusal = 400;
                return false;
            }

            target = routeUri;
        }
        else if (!request.TryGetRequestUri(out target))
        {
            refusal = 400;
            return false;
        }

        if (!TryUriDestination(target, out hop))
        {
            refusal = 404;
            return false;
        }

        if (!IsAllowed(source) && !_options.IsAllowed(hop.EndPoint.Address))
        {
            refusal = 403;
            return false;
        }

        return true;
    }

    private bool IsOurRoute(SipNameAddr route, out string? trunk)
    {
        trunk = TrunkOf(route.Uri.Span);
        if (trunk is not null)
        {
            return true;
        }

        return route.TryGetUri(out var uri)
            && IPAddress.TryParse(uri.HostWithoutBrackets, out var address)
            && _address is not null
            && _address.IsLocal(address, uri.Port ?? SipEndPoint.DefaultPort);
    }

    /// <summary>The value of our trunk parameter among a Route URI's parameters, or null.</summary>
    internal static string? TrunkOf(ReadOnlySpan<byte> uri) => ParameterOf(uri, TrunkParameterBytes);

    /// <summary>The value of a parameter among a Route URI's parameters, or null.</summary>
    internal static string? ParameterOf(ReadOnlySpan<byte> uri, ReadOnlySpan<byte> name)
    {
        var rest = uri;
        while (true)
        {
            var semicolon = rest.IndexOf((byte)';');
            if (semicolon < 0)
            {
                return null;
            }

            rest = rest[(semicolon + 1)..];
            var end = rest.IndexOfAny((byte)';', (byte)'?');
            var parameter = end < 0 ? rest : rest[..end];
            var equals = parameter.IndexOf((byte)'=');
            if (equals > 0 && Ascii.EqualsIgnoreCase(parameter[..equals].Trim(" \t"u8), name) && equals + 1 < parameter.Length)
            {
                return Encoding.UTF8.GetString(parameter[(equals + 1)..].Trim(" \t"u8));
            }
        }
    }

    private static bool TryUriDestination(SipUri uri, out SipEndPoint destination)
    {
        destination = default;
        var host = uri.Maddr is { Length: > 0 } maddr ? maddr.Trim('[', ']') : uri.HostWithoutBrackets;
        if (!IPAddress.TryParse(host, out var address))
        {
            return false;
        }

        var tcp = string.Equals(uri.Transport, "tcp", StringComparison.OrdinalIgnoreCase);
        destination = new SipEndPoint(tcp ? SipTransportProtocol.Tcp : SipTransportProtocol.Udp, address, uri.Port ?? SipEndPoint.DefaultPort);
        return true;
    }

    private static bool TryViaDestination(SipVia via, out SipEndPoint destination)
    {
        destination = default;
        var hostText = via.Received.IsEmpty ? via.Host.ToString() : via.Received.ToString();
        if (!IPAddress.TryParse(hostText.Trim('[', ']'), out var address))
        {
            return false;
        }

        var port = via.RPort ?? via.Port ?? SipEndPoint.DefaultPort;
        var tcp = via.Transport.EqualsIgnoreCase("TCP"u8);
        destination = new SipEndPoint(tcp ? SipTransportProtocol.Tcp : SipTransportProtocol.Udp, address, port);
        return true;
    }

    private byte[] RecordRoute(RouteTrunk trunk, bool tcp, bool renumbered)
    {
        var cache = renumbered ? (tcp ? _renumberedRoutesTcp : _renumberedRoutesUdp) : tcp ? _recordRoutesTcp : _recordRoutesUdp;
        if (cache.TryGetValue(trunk.Name, out var value))
        {
            return value;
        }

        _loads.TryAdd(trunk.Name, trunk.Load);
        var text = "<sip:" + (tcp ? Address.TcpHostPort : Address.UdpHostPort) + (tcp ? ";transport=tcp" : string.Empty) + ";lr;"
            + TrunkParameter + "=" + trunk.Name + (renumbered ? ";" + CSeqOffsetParameter + "=1" : string.Empty) + ">";
        return cache.GetOrAdd(trunk.Name, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Exceptions caught on the proxy's own timer callbacks (a bug, counted rather than fatal).</summary>
    public long Faults => Interlocked.Read(ref _faults);

    internal void ReportFault(Exception exception)
    {
        Interlocked.Increment(ref _faults);
        LogFault(_logger, exception);
    }

    /// <summary>An answered call ended (its BYE was answered 2xx): its trunk slot is free again.</summary>
    internal void ReleaseTrunk(string trunk)
    {
        if (_loads.TryGetValue(trunk, out var load))
        {
            load.Release();
        }
    }

    private bool IsAllowed(SipTransactionDestination source) => source.EndPoint is IPEndPoint ip && _options.IsAllowed(ip.Address);

    private void Forbid(SipServerTransaction transaction)
    {
        Statistics.Forbidden();
        Metrics?.Forbidden();
        if (transaction.Peer.EndPoint is IPEndPoint source)
        {
            var now = Time.GetTimestamp();
            var last = _forbiddenLogged.GetValueOrDefault(source.Address);
            if (last == 0 || Time.GetElapsedTime(last, now) >= _options.ForbiddenLogInterval)
            {
                if (_forbiddenLogged.Count > 10_000)
                {
                    _forbiddenLogged.Clear();
                }

                _forbiddenLogged[source.Address] = now;
                LogForbidden(_logger, source.Address.ToString(), transaction.Method.ToString(), Statistics.Totals.Forbidden);
            }
        }

        transaction.SendResponse(SipResponses.Create(transaction.Request, 403).Build());
    }

    private async Task SendDetachedAsync(byte[] bytes, SipEndPoint destination)
    {
        try
        {
            await Stack.Transports.SendAsync(bytes, destination).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Stopping: the transports are gone.
        }
    }
}
