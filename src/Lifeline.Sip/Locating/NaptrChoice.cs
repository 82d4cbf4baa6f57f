namespace Lifeline.Sip.Locating;

/// <summary>A usable NAPTR record: the transport it offers and the SRV name to ask next.</summary>
internal readonly record struct NaptrChoice(SipTransportKind Transport, string SrvName);
