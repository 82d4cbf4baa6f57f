namespace Lifeline.Sip.Dns;

/// <summary>Whether a received message answers the question that was sent.</summary>
internal enum DnsAnswerMatch
{
    /// <summary>Another ID or question, or not a response: ignored.</summary>
    Foreign,

    /// <summary>Ours, but cut short (TC bit): ask again over TCP.</summary>
    Truncated,

    /// <summary>Ours and complete.</summary>
    Ours,
}
