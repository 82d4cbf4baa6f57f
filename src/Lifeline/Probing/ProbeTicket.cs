namespace Lifeline.Probing;

/// <summary>
/// One probe as the scheduler started it: which target (<see cref="Index"/>), the random <see cref="Token"/> that a
/// response's branch must carry to be taken as its answer, and the CSeq number.
/// </summary>
internal readonly record struct ProbeTicket(int Index, ulong Token, uint CSeq);
