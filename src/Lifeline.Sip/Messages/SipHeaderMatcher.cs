using System.Text;

namespace Lifeline.Sip.Messages;

/// <summary>Selects header lines by known id, or by name for extension headers.</summary>
internal readonly struct SipHeaderMatcher
{
    private readonly byte[]? _name;

    public SipHeaderMatcher(SipHeaderId id)
    {
        Id = id;
        _name = null;
    }

    public SipHeaderMatcher(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Id = SipHeaderNames.Identify(name);
        _name = Id == SipHeaderId.Unknown ? Encoding.UTF8.GetBytes(name) : null;
    }

    public SipHeaderId Id { get; }

    public bool Matches(ReadOnlySpan<byte> buffer, in SipHeaderEntry entry)
    {
        if (entry.Id != Id)
        {
            return false;
        }

        return _name is null || System.Text.Ascii.EqualsIgnoreCase(buffer.Slice(entry.LineStart, entry.NameLength), _name);
    }
}
