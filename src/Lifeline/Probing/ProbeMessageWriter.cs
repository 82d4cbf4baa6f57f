using System.Buffers;
using System.Buffers.Text;
using System.Numerics;

namespace Lifeline.Probing;

/// <summary>
/// Writes an OPTIONS probe straight into a send buffer (RFC 3261 section 11): fresh branch, From tag and Call-ID
/// from the probe's token, CSeq from the target's counter, Max-Forwards 70, User-Agent Lifeline, no Contact (an
/// OPTIONS outside a dialog needs none). The gateway's parts were turned into bytes once, when it was added, so a
/// probe costs a few copies and no allocation.
/// </summary>
internal static class ProbeMessageWriter
{
    /// <summary>Room for everything but the URIs and the sent-by.</summary>
    private const int Fixed = 320;

    /// <summary>The most bytes a probe to <paramref name="gateway"/> can take.</summary>
    public static int MaxLength(ProbeGateway gateway, int sentByLength) => Fixed + (2 * gateway.RequestUri.Length) + gateway.FromUriLength + sentByLength;

    /// <summary>Writes the probe; returns its length. <paramref name="destination"/> holds at least <see cref="MaxLength"/> bytes.</summary>
    /// <param name="destination">The send buffer.</param>
    /// <param name="gateway">The probed gateway.</param>
    /// <param name="tcp">TCP (no <c>rport</c>) or UDP.</param>
    /// <param name="sentBy">The Via's sent-by, <c>host:port</c>.</param>
    /// <param name="ticket">The probe.</param>
    public static int Write(Span<byte> destination, ProbeGateway gateway, bool tcp, ReadOnlySpan<byte> sentBy, in ProbeTicket ticket)
    {
        var w = new SpanWriter(destination);
        w.Put("OPTIONS "u8);
        w.Put(gateway.RequestUri);
        w.Put(" SIP/2.0\r\nVia: SIP/2.0/"u8);
        w.Put(tcp ? "TCP "u8 : "UDP "u8);
        w.Put(sentBy);
        w.Put(";branch="u8);
        ProbeBranch.Write(w.Take(ProbeBranch.Length), ticket.Index, ticket.Token);
        if (!tcp)
        {
            // RFC 3581: answer to the address and port the probe came from, whatever NAT did to it.
            w.Put(";rport"u8);
        }

        w.Put("\r\nMax-Forwards: 70\r\nFrom: <"u8);
        w.Put(gateway.FromPrefix);
        w.Put(gateway.FromHost);
        w.Put(">;tag="u8);
        w.Hex(BitOperations.RotateLeft(ticket.Token, 32) ^ 0x9E3779B97F4A7C15UL, 16);
        w.Put("\r\nTo: <"u8);
        w.Put(gateway.RequestUri);
        w.Put(">\r\nCall-ID: "u8);
        w.Hex(ticket.Token, 16);
        w.Hex((uint)ticket.Index, 8);
        w.Put("@lifeline\r\nCSeq: "u8);
        w.Number(ticket.CSeq);
        w.Put(" OPTIONS\r\nUser-Agent: Lifeline\r\nAccept: application/sdp\r\nContent-Length: 0\r\n\r\n"u8);
        return w.Written;
    }

    private ref struct SpanWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Written { get; private set; }

        public void Put(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer[Written..]);
            Written += bytes.Length;
        }

        public Span<byte> Take(int length)
        {
            var span = _buffer.Slice(Written, length);
            Written += length;
            return span;
        }

        public void Hex(ulong value, int digits)
        {
            Utf8Formatter.TryFormat(value, _buffer[Written..], out var n, new StandardFormat('x', (byte)digits));
            Written += n;
        }

        public void Number(uint value)
        {
            Utf8Formatter.TryFormat(value, _buffer[Written..], out var n);
            Written += n;
        }
    }
}
