using System.Text;
using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// The RFC 3261 transaction key: top Via branch, sent-by and method (§17.1.3, §17.2.3). It
/// points into message bytes and never copies: a lookup from an inbound message allocates
/// nothing, and a stored key points into the request its transaction keeps. The branch and
/// the sent-by host compare case-insensitively (§7.3.1: parameter values and hosts are).
/// </summary>
internal readonly struct SipTransactionKey : IEquatable<SipTransactionKey>
{
    private readonly ReadOnlyMemory<byte> _branch;
    private readonly ReadOnlyMemory<byte> _host;
    private readonly int _port;
    private readonly SipMethod _method;

    private SipTransactionKey(ReadOnlyMemory<byte> branch, ReadOnlyMemory<byte> host, int port, SipMethod method)
    {
        _branch = branch;
        _host = host;
        _port = port;
        _method = method;
    }

    /// <summary>The branch as written.</summary>
    public SipText Branch => new(_branch);

    /// <summary>The method this key matches (INVITE for the ACK of a non-2xx).</summary>
    public SipMethod Method => _method;

    /// <summary>
    /// The key of a message's top Via with the given method. False when the top Via is missing,
    /// malformed or has no branch.
    /// </summary>
    public static bool TryCreate(SipMessage message, SipMethod method, out SipTransactionKey key, out bool rfc3261Branch)
    {
        key = default;
        rfc3261Branch = false;
        if (!message.TryGetTopVia(out var via) || !via.HasBranch || via.Branch.IsEmpty)
        {
            return false;
        }

        rfc3261Branch = via.HasMagicCookie;
        key = new SipTransactionKey(via.Branch.Memory, via.Host.Memory, via.Port ?? DefaultPort(via.Transport.Span), method);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(SipTransactionKey other)
        => _port == other._port
            && _method.Equals(other._method)
            && Ascii.EqualsIgnoreCase(_branch.Span, other._branch.Span)
            && Ascii.EqualsIgnoreCase(_host.Span, other._host.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SipTransactionKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // FNV-1a over the lower-cased branch: a branch is unique per transaction, so it is
        // enough to spread keys; method and port only separate CANCEL from INVITE and the like.
        var hash = 2166136261u;
        foreach (var b in _branch.Span)
        {
            hash = (hash ^ (uint)(b is >= (byte)'A' and <= (byte)'Z' ? b | 0x20 : b)) * 16777619u;
        }

        return HashCode.Combine((int)hash, _method.Kind, _port);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Branch} {_method} {Encoding.UTF8.GetString(_host.Span)}:{_port}";

    private static int DefaultPort(ReadOnlySpan<byte> transport)
        => Ascii.EqualsIgnoreCase(transport, "TLS"u8) || Ascii.EqualsIgnoreCase(transport, "WSS"u8) ? 5061 : 5060;
}
