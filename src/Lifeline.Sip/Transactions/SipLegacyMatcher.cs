using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// RFC 2543 transaction matching (RFC 3261 §17.2.3) for requests whose top Via branch lacks the
/// magic cookie <c>z9hG4bK</c>: compares Request-URI, tags, Call-ID, CSeq and the top Via.
/// Only old or odd peers need it, so it favours clarity over speed.
/// </summary>
internal static class SipLegacyMatcher
{
    public static bool Matches(SipServerTransaction transaction, SipMessage request, SipLegacyMatch rule)
    {
        var original = transaction.Request;
        if (!original.TryGetCSeq(out var originalCSeq) || !request.TryGetCSeq(out var cseq) || originalCSeq.Sequence != cseq.Sequence)
        {
            return false;
        }

        switch (rule)
        {
            case SipLegacyMatch.SameRequest:
                if (!original.Method.Equals(request.Method) || !originalCSeq.Method.Equals(cseq.Method) || !ToTag(original).Equals(ToTag(request)))
                {
                    return false;
                }

                break;
            case SipLegacyMatch.Ack:
                if (!transaction.IsInvite || transaction.LastResponse is not { StatusCode: >= 200 } response || !ToTag(response).Equals(ToTag(request)))
                {
                    return false;
                }

                break;
            case SipLegacyMatch.CancelTarget:
                if (!transaction.IsInvite || !ToTag(original).Equals(ToTag(request)))
                {
                    return false;
                }

                break;
        }

        return original.RequestUri.Equals(request.RequestUri)
            && original.CallId.Equals(request.CallId)
            && FromTag(original).Equals(FromTag(request))
            && TopVia(original).Equals(TopVia(request));
    }

    private static SipText ToTag(SipMessage message) => message.TryGetTo(out var to) ? to.Tag : default;

    private static SipText FromTag(SipMessage message) => message.TryGetFrom(out var from) ? from.Tag : default;

    private static SipText TopVia(SipMessage message) => message.TryGetTopVia(out var via) ? via.Value : default;
}
