namespace Lifeline.Sip.Writing;

/// <summary>
/// The edits a proxy makes to a message it forwards (RFC 3261 §16.6, §16.7). Unset edits do
/// nothing. Values are the header values only, without name or CR LF, e.g.
/// <c>SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK…</c> or <c>&lt;sip:192.0.2.1;lr&gt;</c>.
/// </summary>
public readonly record struct SipMessageEdits
{
    /// <summary>A Via value to insert before the existing Via lines (requests being forwarded).</summary>
    public ReadOnlyMemory<byte> PrependVia { get; init; }

    /// <summary>
    /// Decrement Max-Forwards; when absent, add <c>Max-Forwards: 70</c>. A request whose
    /// Max-Forwards is 0 is not forwarded (<see cref="SipEditStatus.MaxForwardsExhausted"/>: answer 483).
    /// </summary>
    public bool DecrementMaxForwards { get; init; }

    /// <summary>
    /// With <see cref="DecrementMaxForwards"/>: the Max-Forwards added to a request that has none (1–255; 0 or out of
    /// range means 70, RFC 3261's recommended value).
    /// </summary>
    public int MaxForwardsWhenAbsent { get; init; }

    /// <summary>A Record-Route value to insert before the existing Record-Route lines.</summary>
    public ReadOnlyMemory<byte> RecordRoute { get; init; }

    /// <summary>Remove the top Route value (only the first value of a multi-valued line).</summary>
    public bool PopTopRoute { get; init; }

    /// <summary>A new Request-URI (empty to keep the current one).</summary>
    public ReadOnlyMemory<byte> RequestUri { get; init; }

    /// <summary>Remove the top Via value (a response going back; only the first value of a multi-valued line).</summary>
    public bool RemoveTopVia { get; init; }

    /// <summary>
    /// A new CSeq value (<c>2 INVITE</c>) in place of the existing one, requests and responses alike: a proxy that
    /// re-sends a request with credentials numbers it anew and gives the responses back their original number.
    /// </summary>
    public ReadOnlyMemory<byte> CSeq { get; init; }

    /// <summary>
    /// Whole header lines, each ending in CR LF (<c>Proxy-Authorization: Digest …\r\n</c>), added after the last
    /// existing header line.
    /// </summary>
    public ReadOnlyMemory<byte> AppendHeaders { get; init; }
}
