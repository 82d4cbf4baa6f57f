using System.Runtime.CompilerServices;

namespace Lifeline.Sip.Messages;

/// <summary>
/// Header index storage inside the message object, so that indexing a typical message costs
/// one allocation; messages with more header lines spill into an array.
/// </summary>
[InlineArray(Capacity)]
internal struct SipHeaderInlineBuffer
{
    public const int Capacity = 32;

    private SipHeaderEntry _element0;
}
