using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Lifeline.Sip.Dns;

/// <summary>
/// A small stub resolver written for Lifeline (no DNS library is available to it): it asks recursive
/// servers over UDP, repeats the question over TCP when the answer comes back truncated, and reads A,
/// AAAA, SRV, NAPTR and CNAME answers (plus the SOA of negative answers). Each exchange uses a fresh
/// socket and a random 16-bit ID; datagrams whose ID or question do not match are ignored. No EDNS and
/// no DNSSEC validation: it trusts the servers it is given. Thread-safe.
/// </summary>
public sealed class DnsClient : IDnsResolver
{
    private const int MaxCnameHops = 16;
    private const int MaxMessageLength = ushort.MaxValue;

    private readonly DnsClientOptions _options;
    private readonly TimeProvider _time;
    private readonly DnsCache? _cache;

    /// <summary>Creates a client with the given servers and limits.</summary>
    public DnsClient(DnsClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Attempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        if (options.CacheSize > 0)
        {
            _cache = new DnsCache(_time, options.CacheSize, options.MaxCacheTtl);
        }
    }

    /// <summary>The settings this client runs with.</summary>
    public DnsClientOptions Options => _options;

    /// <summary>A client for the servers of /etc/resolv.conf.</summary>
    public static DnsClient FromSystemConfiguration(TimeProvider? timeProvider = null) =>
        new(DnsClientOptions.FromResolvConf(), timeProvider);

    /// <inheritdoc />
    public async ValueTask<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        if (!DnsName.TryNormalize(name, out var normalized))
        {
            return DnsQueryResult.Failure(DnsQueryStatus.InvalidName, $"'{name}' is not a domain name this client can ask for");
        }

        if (_cache is not null && _cache.TryGet(normalized, type, out var cached))
        {
            return cached;
        }

        if (_options.Servers.Count == 0)
        {
            return DnsQueryResult.Failure(DnsQueryStatus.NoServers, "no DNS server is configured");
        }

        DnsQueryResult? failure = null;
        for (var attempt = 0; attempt < _options.Attempts; attempt++)
        {
            foreach (var server in _options.Servers)
            {
                var result = await ExchangeAsync(server, normalized, type, cancellationToken).ConfigureAwait(false);
                if (result.IsSuccess || result.IsNegative)
                {
                    _cache?.Store(normalized, type, result);
                    return result;
                }

                if (failure is null || Rank(result.Status) >= Rank(failure.Value.Status))
                {
                    failure = result;
                }
            }
        }

        var last = failure!.Value;
        if (last.Status == DnsQueryStatus.Timeout)
        {
            return DnsQueryResult.Failure(
                DnsQueryStatus.Timeout,
                $"no answer for {normalized} {type} within {_options.Timeout.TotalSeconds:0.###} s from {_options.Servers.Count} server(s), {_options.Attempts} attempt(s) each");
        }

        return last;
    }

    // Which failure to report when every server failed: an answer that says something beats silence.
    private static int Rank(DnsQueryStatus status) => status switch
    {
        DnsQueryStatus.ServerFailure => 3,
        DnsQueryStatus.Malformed => 2,
        DnsQueryStatus.NetworkError => 1,
        _ => 0,
    };

    private async ValueTask<DnsQueryResult> ExchangeAsync(IPEndPoint server, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        var id = (ushort)RandomNumberGenerator.GetInt32(0, ushort.MaxValue + 1);

        // Two spare bytes in front hold the length prefix if the question has to go over TCP.
        var query = new byte[DnsQueryWriter.MaxQueryLength + 2];
        if (!DnsQueryWriter.TryWrite(query.AsSpan(2), id, name, type, out var queryLength))
        {
            return DnsQueryResult.Failure(DnsQueryStatus.InvalidName, $"'{name}' does not fit in a DNS question");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxMessageLength);
        try
        {
            var (answerLength, failure) = await ExchangeUdpAsync(
                server, query.AsMemory(2, queryLength), buffer, id, name, type, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure.Value;
            }

            if (answerLength == 0)
            {
                BinaryPrimitives.WriteUInt16BigEndian(query, (ushort)queryLength);
                (answerLength, failure) = await ExchangeTcpAsync(
                    server, query.AsMemory(0, queryLength + 2), buffer, id, name, type, cancellationToken).ConfigureAwait(false);
                if (failure is not null)
                {
                    return failure.Value;
                }
            }

            return Interpret(buffer.AsSpan(0, answerLength), server, name, type);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Returns the answer's length in <paramref name="buffer"/>, 0 when it was truncated, or a failure.</summary>
    private async ValueTask<(int Length, DnsQueryResult? Failure)> ExchangeUdpAsync(
        IPEndPoint server, ReadOnlyMemory<byte> query, byte[] buffer, ushort id, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Connected, so the kernel drops datagrams from other addresses and reports ICMP refusals.
            socket.Connect(server);
            await socket.SendAsync(query, SocketFlags.None, linked.Token).ConfigureAwait(false);
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, linked.Token).ConfigureAwait(false);
                switch (Match(buffer.AsSpan(0, received), id, name, type))
                {
                    case DnsAnswerMatch.Ours:
                        return (received, null);
                    case DnsAnswerMatch.Truncated:
                        return (0, null);
                    default:
                        // A stray or forged datagram: keep waiting for the real answer.
                        continue;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, DnsQueryResult.Failure(DnsQueryStatus.Timeout, $"no answer from {server} within {_options.Timeout}"));
        }
        catch (SocketException e)
        {
            return (0, DnsQueryResult.Failure(DnsQueryStatus.NetworkError, $"{server}: {e.SocketErrorCode}"));
        }
    }

    private async ValueTask<(int Length, DnsQueryResult? Failure)> ExchangeTcpAsync(
        IPEndPoint server, ReadOnlyMemory<byte> framedQuery, byte[] buffer, ushort id, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, linked.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(framedQuery, linked.Token).ConfigureAwait(false);
            await stream.ReadExactlyAsync(buffer.AsMemory(0, 2), linked.Token).ConfigureAwait(false);
            int length = BinaryPrimitives.ReadUInt16BigEndian(buffer);
            await stream.ReadExactlyAsync(buffer.AsMemory(0, length), linked.Token).ConfigureAwait(false);
            if (Match(buffer.AsSpan(0, length), id, name, type) == DnsAnswerMatch.Foreign)
            {
                return (0, DnsQueryResult.Failure(DnsQueryStatus.Malformed, $"TCP answer from {server} does not match the question"));
            }

            return (length, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, DnsQueryResult.Failure(DnsQueryStatus.Timeout, $"no TCP answer from {server} within {_options.Timeout}"));
        }
        catch (SocketException e)
        {
            return (0, DnsQueryResult.Failure(DnsQueryStatus.NetworkError, $"{server} over TCP: {e.SocketErrorCode}"));
        }
        catch (IOException e)
        {
            return (0, DnsQueryResult.Failure(DnsQueryStatus.NetworkError, $"{server} over TCP: {e.Message}"));
        }
    }

    private static DnsAnswerMatch Match(ReadOnlySpan<byte> data, ushort id, string name, DnsRecordType type)
    {
        if (!DnsMessageReader.TryReadQuestion(data, out var answerId, out var flags, out var answerName, out var answerType, out var answerClass)
            || answerId != id
            || (flags & DnsHeaderFlags.Response) == 0
            || (flags & DnsHeaderFlags.OpcodeMask) != 0
            || answerType != (ushort)type
            || answerClass != DnsHeaderFlags.ClassInternet
            || !DnsName.AreEqual(answerName, name))
        {
            return DnsAnswerMatch.Foreign;
        }

        return (flags & DnsHeaderFlags.Truncated) != 0 ? DnsAnswerMatch.Truncated : DnsAnswerMatch.Ours;
    }

    internal static DnsQueryResult Interpret(ReadOnlySpan<byte> data, IPEndPoint server, string name, DnsRecordType type)
    {
        var parsed = DnsMessageReader.Parse(data);
        if (parsed.Message is not { } message)
        {
            return DnsQueryResult.Failure(DnsQueryStatus.Malformed, $"answer from {server} could not be read: {parsed.Error}");
        }

        switch (message.ResponseCode)
        {
            case DnsResponseCode.NoError:
                return FollowAnswer(message, name, type);
            case DnsResponseCode.NameError:
                return DnsQueryResult.Negative(
                    DnsQueryStatus.NameError, DnsResponseCode.NameError, NegativeTtl(message), $"{name} does not exist (NXDOMAIN)");
            default:
                return DnsQueryResult.Failure(
                    DnsQueryStatus.ServerFailure, $"{server} answered {message.ResponseCode} for {name} {type}", message.ResponseCode);
        }
    }

    /// <summary>Finds the records of the asked type, following a CNAME chain inside the answer.</summary>
    internal static DnsQueryResult FollowAnswer(DnsMessage message, string name, DnsRecordType type)
    {
        var current = name;
        for (var hop = 0; hop <= MaxCnameHops; hop++)
        {
            List<DnsRecord>? found = null;
            string? alias = null;
            foreach (var record in message.Answers)
            {
                if (!DnsName.AreEqual(record.Name, current))
                {
                    continue;
                }

                if (record.Type == type)
                {
                    (found ??= []).Add(record);
                }
                else if (record is DnsCnameRecord cname)
                {
                    alias = cname.Target;
                }
            }

            if (found is not null)
            {
                return DnsQueryResult.FromRecords(found.AsReadOnly(), current);
            }

            if (alias is null)
            {
                break;
            }

            current = alias;
        }

        return DnsQueryResult.Negative(
            DnsQueryStatus.NoData, DnsResponseCode.NoError, NegativeTtl(message), $"{name} has no {type} records");
    }

    private static TimeSpan? NegativeTtl(DnsMessage message)
    {
        foreach (var record in message.Authority)
        {
            if (record is DnsSoaRecord soa)
            {
                return TimeSpan.FromSeconds(Math.Min(soa.Ttl, soa.Minimum));
            }
        }

        return null;
    }
}
