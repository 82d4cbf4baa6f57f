using System.Runtime.CompilerServices;

namespace Lifeline.Sip.Messages;

/// <summary>
/// For each known header id, 1 + the index of its first line, or 0 when absent. Lets the
/// typed accessors find Via, CSeq, Call-ID … without scanning.
/// </summary>
[InlineArray(SipHeaderNames.IdCount)]
internal struct SipHeaderFirstIndex
{
    private short _element0;
}
