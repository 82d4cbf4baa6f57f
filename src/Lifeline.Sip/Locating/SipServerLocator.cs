using System.Net;
using Lifeline.Sip.Dns;

namespace Lifeline.Sip.Locating;

/// <summary>
/// Finds where to send a SIP request, by RFC 3263 sections 4.1 and 4.2:
/// <list type="number">
/// <item>a numeric host is used as it is (port 5060, or 5061 for TLS; UDP unless told otherwise, TLS for sips);</item>
/// <item>a host with an explicit port is looked up by A/AAAA only;</item>
/// <item>a host with an explicit transport is looked up by SRV for that transport, then A/AAAA;</item>
/// <item>otherwise NAPTR picks transports (order, then preference) and its replacements' SRV records
/// pick hosts and ports; without usable NAPTR records, SRV is asked for _sip._udp and _sip._tcp
/// (_sips._tcp for sips); without SRV records, the host's A/AAAA with the default port.</item>
/// </list>
/// SRV records are ordered by priority and, within one, by a weighted random draw (RFC 2782). The
/// result is the full ordered list a caller fails over through. Thread-safe.
/// </summary>
public sealed class SipServerLocator
{
    /// <summary>Default port for UDP and TCP.</summary>
    public const int DefaultPort = 5060;

    /// <summary>Default port for TLS.</summary>
    public const int DefaultTlsPort = 5061;

    private static readonly SipTransportKind[] SipFallbackOrder = [SipTransportKind.Udp, SipTransportKind.Tcp];
    private static readonly SipTransportKind[] SipsFallbackOrder = [SipTransportKind.Tls];

    private readonly IDnsResolver _resolver;
    private readonly SipServerLocatorOptions _options;
    private readonly Random _random;
    private readonly Lock _randomLock = new();

    /// <summary>Creates a locator asking <paramref name="resolver"/>.</summary>
    /// <param name="resolver">The DNS client, usually a <see cref="DnsClient"/>.</param>
    /// <param name="options">Enabled transports and address preference; defaults when null.</param>
    /// <param name="random">The source of SRV weighted draws; a seeded one makes orders repeatable.</param>
    public SipServerLocator(IDnsResolver resolver, SipServerLocatorOptions? options = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
        _options = options ?? new SipServerLocatorOptions();
        _random = random ?? Random.Shared;
    }

    /// <summary>
    /// Returns the targets for <paramref name="request"/>, best first, or a typed error. Never throws
    /// for DNS trouble or bad input; only cancellation by <paramref name="cancellationToken"/> throws.
    /// </summary>
    public async Task<SipLocateResult> LocateAsync(SipLocateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problem = Validate(request, out var host);
        if (problem is not null)
        {
            return SipLocateResult.Failed(SipLocateError.InvalidRequest, problem);
        }

        if (SipNumericHost.TryParse(host, out var address, out var malformed))
        {
            var transport = TransportOf(request) ?? (request.Secure ? SipTransportKind.Tls : SipTransportKind.Udp);
            var port = request.Port ?? PortOf(transport);
            return SipLocateResult.Found([new SipServerTarget(new IPEndPoint(address, port), transport, SipTargetSource.NumericHost, address.ToString())]);
        }

        if (malformed)
        {
            return SipLocateResult.Failed(SipLocateError.InvalidRequest, $"'{request.Host}' is neither an IP address nor a domain name");
        }

        var log = new SipLocateLog();
        var explicitTransport = TransportOf(request);

        // RFC 3263 4.2: an explicit port means no NAPTR and no SRV.
        if (request.Port is { } explicitPort)
        {
            var transport = explicitTransport ?? (request.Secure ? SipTransportKind.Tls : SipTransportKind.Udp);
            var (targets, hostMissing) = await ResolveAddressesAsync(host, explicitPort, transport, null, log, cancellationToken).ConfigureAwait(false);
            return Finish(targets, log, hostMissing, host);
        }

        // RFC 3263 4.2: a transport given by the URI means SRV for that transport, then A/AAAA.
        if (explicitTransport is { } given)
        {
            var srv = await SrvTargetsAsync(SrvName(given, host), given, SipTargetSource.Srv, log, cancellationToken).ConfigureAwait(false);
            if (srv.Found || srv.Failed)
            {
                return Finish(srv.Targets, log, false, host);
            }

            var (targets, hostMissing) = await ResolveAddressesAsync(host, PortOf(given), given, null, log, cancellationToken).ConfigureAwait(false);
            return Finish(targets, log, hostMissing, host);
        }

        // RFC 3263 4.1: NAPTR chooses the transports.
        var naptr = await _resolver.QueryAsync(host, DnsRecordType.Naptr, cancellationToken).ConfigureAwait(false);
        log.Note(host, DnsRecordType.Naptr, naptr);
        if (naptr.Status == DnsQueryStatus.InvalidName)
        {
            return Finish([], log, false, host);
        }

        var choices = naptr.IsSuccess ? NaptrSelection.Select(naptr.Records, request.Secure, _options.Transports) : [];
        if (choices.Count > 0)
        {
            var lookups = new Task<SrvTargets>[choices.Count];
            for (var i = 0; i < choices.Count; i++)
            {
                lookups[i] = SrvTargetsAsync(choices[i].SrvName, choices[i].Transport, SipTargetSource.Naptr, log, cancellationToken);
            }

            var fromNaptr = new List<SipServerTarget>();
            foreach (var lookup in lookups)
            {
                fromNaptr.AddRange((await lookup.ConfigureAwait(false)).Targets);
            }

            return Finish(fromNaptr, log, false, host);
        }

        // No usable NAPTR (none, or a lookup failure: NAPTR is often broken where SRV works): SRV per transport.
        var fallback = request.Secure ? SipsFallbackOrder : SipFallbackOrder;
        var srvLookups = new List<Task<SrvTargets>>(fallback.Length);
        foreach (var transport in fallback)
        {
            if (IsEnabled(transport))
            {
                srvLookups.Add(SrvTargetsAsync(SrvName(transport, host), transport, SipTargetSource.Srv, log, cancellationToken));
            }
        }

        var fromSrv = new List<SipServerTarget>();
        var anySrv = false;
        var srvFailed = false;
        foreach (var lookup in srvLookups)
        {
            var srv = await lookup.ConfigureAwait(false);
            anySrv |= srv.Found;
            srvFailed |= srv.Failed;
            fromSrv.AddRange(srv.Targets);
        }

        // A failed SRV lookup is not "no SRV records": falling back to A/AAAA then could pick the wrong port.
        if (anySrv || srvFailed)
        {
            return Finish(fromSrv, log, false, host);
        }

        var lastResort = FirstEnabled(fallback);
        if (lastResort is not { } defaultTransport)
        {
            return SipLocateResult.Failed(SipLocateError.InvalidRequest, "no transport this request could use is enabled");
        }

        var (addresses, missing) = await ResolveAddressesAsync(host, PortOf(defaultTransport), defaultTransport, null, log, cancellationToken).ConfigureAwait(false);
        return Finish(addresses, log, missing, host);
    }

    private string? Validate(SipLocateRequest request, out string host)
    {
        host = request.Host?.Trim() ?? string.Empty;
        if (host.Length == 0)
        {
            return "the host is empty";
        }

        if (request.Port is { } port && (port < 1 || port > 65535))
        {
            return $"port {port} is out of range";
        }

        if (request.Secure && request.Transport == SipTransportKind.Udp)
        {
            return "a sips: URI cannot use UDP";
        }

        if (TransportOf(request) is { } transport && !IsEnabled(transport))
        {
            return $"transport {transport} is not enabled";
        }

        return null;
    }

    // A sips: URI with transport=tcp means TLS over TCP (RFC 3261 section 26.2.2).
    private static SipTransportKind? TransportOf(SipLocateRequest request) =>
        request.Secure && request.Transport == SipTransportKind.Tcp ? SipTransportKind.Tls : request.Transport;

    private static int PortOf(SipTransportKind transport) => transport == SipTransportKind.Tls ? DefaultTlsPort : DefaultPort;

    private static string SrvName(SipTransportKind transport, string host) => transport switch
    {
        SipTransportKind.Udp => "_sip._udp." + host,
        SipTransportKind.Tcp => "_sip._tcp." + host,
        _ => "_sips._tcp." + host,
    };

    private bool IsEnabled(SipTransportKind transport)
    {
        foreach (var t in _options.Transports)
        {
            if (t == transport)
            {
                return true;
            }
        }

        return false;
    }

    private SipTransportKind? FirstEnabled(SipTransportKind[] candidates)
    {
        foreach (var t in candidates)
        {
            if (IsEnabled(t))
            {
                return t;
            }
        }

        return null;
    }

    private async Task<SrvTargets> SrvTargetsAsync(
        string name, SipTransportKind transport, SipTargetSource source, SipLocateLog log, CancellationToken cancellationToken)
    {
        var answer = await _resolver.QueryAsync(name, DnsRecordType.Srv, cancellationToken).ConfigureAwait(false);
        log.Note(name, DnsRecordType.Srv, answer);
        if (!answer.IsSuccess)
        {
            return new SrvTargets(false, !answer.IsNegative, []);
        }

        var records = new List<DnsSrvRecord>(answer.Records.Count);
        foreach (var record in answer.Records)
        {
            // A target of "." says the service is decidedly not offered here (RFC 2782).
            if (record is DnsSrvRecord srv && srv.Target != ".")
            {
                records.Add(srv);
            }
        }

        List<DnsSrvRecord> ordered;
        lock (_randomLock)
        {
            ordered = SrvOrdering.Order(records, _random);
        }

        var lookups = new Task<(List<SipServerTarget> Targets, bool Missing)>[ordered.Count];
        for (var i = 0; i < ordered.Count; i++)
        {
            lookups[i] = ResolveAddressesAsync(ordered[i].Target, ordered[i].Port, transport, source, log, cancellationToken);
        }

        var targets = new List<SipServerTarget>();
        foreach (var lookup in lookups)
        {
            targets.AddRange((await lookup.ConfigureAwait(false)).Targets);
        }

        return new SrvTargets(true, false, targets);
    }

    /// <summary>A/AAAA of <paramref name="name"/>; Missing is true when the name does not exist at all.</summary>
    private async Task<(List<SipServerTarget> Targets, bool Missing)> ResolveAddressesAsync(
        string name, int port, SipTransportKind transport, SipTargetSource? source, SipLocateLog log, CancellationToken cancellationToken)
    {
        var types = _options.AddressPreference switch
        {
            SipAddressPreference.IPv6First => new[] { DnsRecordType.Aaaa, DnsRecordType.A },
            SipAddressPreference.IPv4Only => new[] { DnsRecordType.A },
            SipAddressPreference.IPv6Only => new[] { DnsRecordType.Aaaa },
            _ => new[] { DnsRecordType.A, DnsRecordType.Aaaa },
        };

        var lookups = new ValueTask<DnsQueryResult>[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            lookups[i] = _resolver.QueryAsync(name, types[i], cancellationToken);
        }

        var targets = new List<SipServerTarget>();
        var missing = true;
        for (var i = 0; i < types.Length; i++)
        {
            var answer = await lookups[i].ConfigureAwait(false);
            log.Note(name, types[i], answer);
            missing &= answer.Status == DnsQueryStatus.NameError;
            foreach (var record in answer.Records)
            {
                if (record is DnsAddressRecord a)
                {
                    var from = source ?? (types[i] == DnsRecordType.A ? SipTargetSource.A : SipTargetSource.Aaaa);
                    targets.Add(new SipServerTarget(new IPEndPoint(a.Address, port), transport, from, name));
                }
            }
        }

        return (targets, missing);
    }

    private static SipLocateResult Finish(List<SipServerTarget> targets, SipLocateLog log, bool hostMissing, string host)
    {
        if (targets.Count > 0)
        {
            return SipLocateResult.Found(Distinct(targets));
        }

        var detail = log.Describe();
        if (log.Failure is { } failure)
        {
            var error = failure.Status switch
            {
                DnsQueryStatus.Timeout => SipLocateError.Timeout,
                DnsQueryStatus.ServerFailure => SipLocateError.ServerFailure,
                DnsQueryStatus.Malformed => SipLocateError.Malformed,
                DnsQueryStatus.NetworkError => SipLocateError.NetworkError,
                DnsQueryStatus.NoServers => SipLocateError.NoDnsServers,
                _ => SipLocateError.InvalidRequest,
            };
            return SipLocateResult.Failed(error, detail);
        }

        return hostMissing
            ? SipLocateResult.Failed(SipLocateError.NameNotFound, $"{host} does not exist: {detail}")
            : SipLocateResult.Failed(SipLocateError.NoRecords, $"no usable records for {host}: {detail}");
    }

    // The same address can be reached through two SRV targets or NAPTR records; try it once.
    private static List<SipServerTarget> Distinct(List<SipServerTarget> targets)
    {
        var seen = new HashSet<(IPEndPoint, SipTransportKind)>();
        var distinct = new List<SipServerTarget>(targets.Count);
        foreach (var target in targets)
        {
            if (seen.Add((target.EndPoint, target.Transport)))
            {
                distinct.Add(target);
            }
        }

        return distinct;
    }
}
