using System.Buffers.Text;
using System.Security.Cryptography;

namespace Lifeline.Proxy;

/// <summary>
/// Via values with fresh branches for forwarded requests, made without a random draw per request: a marker every
/// Lifeline node shares (so a stray response is known as ours by any node), a random part drawn once per process,
/// and a counter. Unique per process lifetime and unpredictable across restarts, as RFC 3261 §8.1.1.7 asks.
/// </summary>
internal static class ProxyBranch
{
    /// <summary>The start of every branch Lifeline's proxy makes: RFC 3261's magic cookie and <c>lfl</c>.</summary>
    public static ReadOnlySpan<byte> Marker => "z9hG4bKlfl"u8;

    private static readonly byte[] ProcessPart = RandomNumberGenerator.GetBytes(4);
    private static long _counter;

    /// <summary><paramref name="prefix"/> (<c>SIP/2.0/UDP host:port;branch=</c>), a fresh branch and <c>;rport</c>.</summary>
    public static byte[] NewVia(byte[] prefix)
    {
        var next = (ulong)Interlocked.Increment(ref _counter);
        var value = new byte[prefix.Length + Marker.Length + 8 + 16 + ";rport"u8.Length];
        var span = value.AsSpan();
        prefix.CopyTo(span);
        var at = prefix.Length;
        Marker.CopyTo(span[at..]);
        at += Marker.Length;
        foreach (var b in ProcessPart)
        {
            Utf8Formatter.TryFormat(b, span[at..], out _, new System.Buffers.StandardFormat('x', 2));
            at += 2;
        }

        Utf8Formatter.TryFormat(next, span[at..], out _, new System.Buffers.StandardFormat('x', 16));
        at += 16;
        ";rport"u8.CopyTo(span[at..]);
        return value;
    }

    /// <summary>Whether <paramref name="branch"/> was made by a Lifeline proxy.</summary>
    public static bool IsOurs(ReadOnlySpan<byte> branch) => branch.StartsWith(Marker);
}
