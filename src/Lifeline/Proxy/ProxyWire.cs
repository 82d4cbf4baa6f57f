using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Writing;

namespace Lifeline.Proxy;

/// <summary>
/// Applies proxy edits to a message and gives back the edited copy as a message of its own (a transaction keeps it
/// for retransmission, so it owns its bytes). The edit pass writes into a per-thread pooled buffer; the only
/// allocations are the final array and its parsed index.
/// </summary>
internal static class ProxyWire
{
    [ThreadStatic]
    private static PooledBufferWriter? t_writer;

    /// <summary>The edited message, or null when the edit was refused (<paramref name="status"/> says why).</summary>
    public static SipMessage? Edit(SipMessage message, in SipMessageEdits edits, out SipEditStatus status)
    {
        var bytes = EditToArray(message, edits, out status);
        if (bytes is null)
        {
            return null;
        }

        var parsed = SipParser.Default.ParseDatagram(bytes);
        return parsed.Success ? parsed.Message : null;
    }

    /// <summary>The edited bytes, or null when the edit was refused.</summary>
    public static byte[]? EditToArray(SipMessage message, in SipMessageEdits edits, out SipEditStatus status)
    {
        var writer = t_writer ??= new PooledBufferWriter(4096);
        writer.Clear();
        var result = SipMessageEditor.Apply(message, edits, writer);
        status = result.Status;
        return result.Success ? writer.WrittenSpan.ToArray() : null;
    }
}
