namespace Lifeline.Sip.Messages;

/// <summary>
/// Where one header line sits in the message buffer: the whole line (name to the LF that ends
/// it, continuation lines included), and the value trimmed of surrounding white space.
/// </summary>
internal readonly struct SipHeaderEntry
{
    public SipHeaderEntry(int lineStart, int lineEnd, int nameLength, int valueStart, int valueLength, SipHeaderId id)
    {
        LineStart = lineStart;
        LineEnd = lineEnd;
        NameLength = (ushort)nameLength;
        ValueStart = valueStart;
        ValueLength = valueLength;
        Id = id;
    }

    /// <summary>Offset of the first byte of the header name.</summary>
    public int LineStart { get; }

    /// <summary>Offset just past the LF that ends the line (after any continuation lines).</summary>
    public int LineEnd { get; }

    /// <summary>Offset of the value, after the colon and leading white space.</summary>
    public int ValueStart { get; }

    /// <summary>Length of the value without trailing white space; may include folded CR LF.</summary>
    public int ValueLength { get; }

    /// <summary>Length of the name without white space before the colon.</summary>
    public ushort NameLength { get; }

    public SipHeaderId Id { get; }

    public int ValueEnd => ValueStart + ValueLength;
}
