using Lifeline.Health;
using Lifeline.Probing;

namespace Lifeline.Tests.Probing;

/// <summary>A probe the fake sender saw: which target, when on the manual clock, its health then, its ticket.</summary>
internal readonly record struct SentProbe(string Target, TimeSpan At, TargetHealth Health, ProbeTicket Ticket);
