using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;

namespace Lifeline.Sip.Tests.Transactions;

/// <summary>One message the fake sender was given: when (manual clock), what, and to where.</summary>
internal sealed record SentMessage(TimeSpan At, SipMessage Message, SipTransactionDestination Destination);
