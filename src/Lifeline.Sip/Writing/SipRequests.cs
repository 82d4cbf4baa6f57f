using Lifeline.Sip.Messages;
using Lifeline.Sip.Uris;

namespace Lifeline.Sip.Writing;

/// <summary>
/// Requests a UAC sends on its own: OPTIONS probes, and the ACK and CANCEL that RFC 3261
/// derives from an INVITE (§17.1.1.3, §9.1). Each returns a builder, so more headers can be
/// added before it is written.
/// </summary>
public static class SipRequests
{
    /// <summary>
    /// An OPTIONS probe (RFC 3261 §11): fresh branch, From tag and Call-ID unless given,
    /// Max-Forwards 70, <c>Accept: application/sdp</c>. The builder's <see cref="SipMessageBuilder.Branch"/>,
    /// <see cref="SipMessageBuilder.CallId"/> and <see cref="SipMessageBuilder.FromTag"/> tell the values used.
    /// </summary>
    /// <param name="target">Request-URI and To (e.g. <c>sip:gw1.carrier.example;transport=udp</c>).</param>
    /// <param name="sentBy">Transport and address for the Via.</param>
    /// <param name="from">From URI (the prober's identity).</param>
    /// <param name="cseq">CSeq number.</param>
    /// <param name="callId">Call-ID, or null for a fresh one.</param>
    /// <param name="contact">Contact URI, or null for none (an OPTIONS needs none).</param>
    /// <param name="userAgent">User-Agent value, or null for none.</param>
    public static SipMessageBuilder Options(SipUri target, SipSentBy sentBy, SipUri from, uint cseq = 1, string? callId = null, SipUri? contact = null, string? userAgent = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(from);
        var requestUri = target.WithoutHeaders();
        var builder = SipMessageBuilder.Request(SipMethod.Options, requestUri)
            .AddVia(sentBy, SipIds.NewBranch(), rport: sentBy.Transport.Equals("UDP", StringComparison.OrdinalIgnoreCase))
            .AddMaxForwards(70)
            .AddFrom(from, SipIds.NewTag())
            .AddTo(requestUri)
            .AddCallId(callId ?? SipIds.NewCallId())
            .AddCSeq(cseq, SipMethod.Options);
        if (contact is not null)
        {
            builder.AddContact(contact);
        }

        if (userAgent is not null)
        {
            builder.AddHeader(SipHeaderId.UserAgent, userAgent);
        }

        return builder.AddHeader(SipHeaderId.Accept, "application/sdp");
    }

    /// <summary>
    /// The ACK for a non-2xx final response to an INVITE (RFC 3261 §17.1.1.3): same
    /// Request-URI, Call-ID, From and CSeq number as the INVITE, the To of the response (with
    /// its tag), one Via equal to the INVITE's top Via, the INVITE's Route headers.
    /// Returns false when the inputs are not an INVITE and a final non-2xx response to it.
    /// </summary>
    public static bool TryCreateAckForFailure(SipMessage invite, SipMessage response, out SipMessageBuilder? ack)
    {
        ArgumentNullException.ThrowIfNull(invite);
        ArgumentNullException.ThrowIfNull(response);
        ack = null;
        if (!invite.IsRequest || invite.Method.Kind != SipMethodKind.Invite || !response.IsResponse || response.StatusCode < 300
            || !invite.TryGetCSeq(out var cseq) || !invite.TryGetFirstElement(SipHeaderId.Via, out var via)
            || !invite.TryGetHeader(SipHeaderId.From, out var from) || !invite.TryGetHeader(SipHeaderId.CallId, out var callId)
            || !response.TryGetHeader(SipHeaderId.To, out var to))
        {
            return false;
        }

        ack = SipMessageBuilder.Request(SipMethod.Ack, invite.RequestUri.Span)
            .AddCopiedHeader(SipHeaderId.Via, via.Span)
            .AddCopiedHeader(SipHeaderId.MaxForwards, "70"u8)
            .AddCopiedHeader(SipHeaderId.From, from.Value)
            .AddCopiedHeader(SipHeaderId.To, to.Value)
            .AddCopiedHeader(SipHeaderId.CallId, callId.Value)
            .AddCSeq(cseq.Sequence, SipMethod.Ack);
        CopyRoutes(invite, ack);
        return true;
    }

    /// <summary>
    /// The CANCEL for a pending request (RFC 3261 §9.1): same Request-URI, Call-ID, To, From
    /// and CSeq number, method CANCEL, one Via equal to the request's top Via, the request's
    /// Route headers. Returns false when the request lacks what a CANCEL copies, or is an ACK.
    /// </summary>
    public static bool TryCreateCancel(SipMessage request, out SipMessageBuilder? cancel)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancel = null;
        if (!request.IsRequest || request.Method.Kind is SipMethodKind.Ack or SipMethodKind.Cancel
            || !request.TryGetCSeq(out var cseq) || !request.TryGetFirstElement(SipHeaderId.Via, out var via)
            || !request.TryGetHeader(SipHeaderId.From, out var from) || !request.TryGetHeader(SipHeaderId.To, out var to)
            || !request.TryGetHeader(SipHeaderId.CallId, out var callId))
        {
            return false;
        }

        cancel = SipMessageBuilder.Request(SipMethod.Cancel, request.RequestUri.Span)
            .AddCopiedHeader(SipHeaderId.Via, via.Span)
            .AddCopiedHeader(SipHeaderId.MaxForwards, "70"u8)
            .AddCopiedHeader(SipHeaderId.From, from.Value)
            .AddCopiedHeader(SipHeaderId.To, to.Value)
            .AddCopiedHeader(SipHeaderId.CallId, callId.Value)
            .AddCSeq(cseq.Sequence, SipMethod.Cancel);
        CopyRoutes(request, cancel);
        return true;
    }

    private static void CopyRoutes(SipMessage request, SipMessageBuilder builder)
    {
        foreach (var route in request.GetHeaders(SipHeaderId.Route))
        {
            builder.AddCopiedHeader(SipHeaderId.Route, route.Value);
        }
    }
}
