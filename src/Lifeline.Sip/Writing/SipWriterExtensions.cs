using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Lifeline.Sip.Writing;

/// <summary>Small helpers that write SIP text to an <see cref="IBufferWriter{T}"/>.</summary>
internal static class SipWriterExtensions
{
    public static void WriteBytes(this IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes) => writer.Write(bytes);

    public static void WriteUtf8(this IBufferWriter<byte> writer, string text)
    {
        var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        var count = Encoding.UTF8.GetBytes(text, span);
        writer.Advance(count);
    }

    public static void WriteNumber(this IBufferWriter<byte> writer, long value)
    {
        var span = writer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var count);
        writer.Advance(count);
    }

    public static void WriteCrLf(this IBufferWriter<byte> writer) => writer.Write("\r\n"u8);
}
