using System.Text;

namespace Lifeline.Sip.Messages;

/// <summary>
/// One header line of a parsed message: its name as written, its value (trimmed, folding kept
/// as it arrived) and its known-header id. A view into the message's buffer; no copy.
/// </summary>
public readonly struct SipHeaderField
{
    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly SipHeaderEntry _entry;

    internal SipHeaderField(ReadOnlyMemory<byte> buffer, SipHeaderEntry entry, int index)
    {
        _buffer = buffer;
        _entry = entry;
        Index = index;
    }

    /// <summary>Which header this is; <see cref="SipHeaderId.Unknown"/> for extension headers.</summary>
    public SipHeaderId Id => _entry.Id;

    /// <summary>Position of the line among the message's header lines.</summary>
    public int Index { get; }

    /// <summary>The name exactly as written (compact or long form, any case).</summary>
    public ReadOnlySpan<byte> Name => _buffer.Span.Slice(_entry.LineStart, _entry.NameLength);

    /// <summary>The value, without the white space around it. Folded lines keep their CR LF.</summary>
    public ReadOnlySpan<byte> Value => _buffer.Span.Slice(_entry.ValueStart, _entry.ValueLength);

    /// <summary>The value as memory (for typed parsers that keep slices of it).</summary>
    public ReadOnlyMemory<byte> ValueMemory => _buffer.Slice(_entry.ValueStart, _entry.ValueLength);

    /// <summary>The whole line as it arrived, name to final CR LF, continuation lines included.</summary>
    public ReadOnlySpan<byte> RawLine => _buffer.Span[_entry.LineStart.._entry.LineEnd];

    /// <summary>The name as a string.</summary>
    public string GetName() => Encoding.UTF8.GetString(Name);

    /// <summary>
    /// The value as a string with line folding undone: each CR LF and the white space around it
    /// becomes one SP (RFC 3261 §7.3.1).
    /// </summary>
    public string GetValue() => SipFolding.Unfold(Value);

    /// <inheritdoc />
    public override string ToString() => $"{GetName()}: {GetValue()}";
}
