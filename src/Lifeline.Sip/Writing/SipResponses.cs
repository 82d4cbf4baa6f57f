using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Writing;

/// <summary>Responses built from a received request (RFC 3261 §8.2.6).</summary>
public static class SipResponses
{
    /// <summary>
    /// A response to <paramref name="request"/>: every Via (in order, as received), From,
    /// To (with a tag added when the request's To has none and the status is above 100),
    /// Call-ID and CSeq copied; Record-Route copied for a 101–299 response to INVITE or
    /// SUBSCRIBE (§12.1.1). Headers the request lacks are left out, so a response can be built
    /// even for a request that failed validation. Content-Length is 0 until a body is set.
    /// </summary>
    /// <param name="request">The request being answered.</param>
    /// <param name="statusCode">100 to 699.</param>
    /// <param name="reasonPhrase">Reason phrase, or null for the usual one.</param>
    /// <param name="toTag">To tag to add, or null for a fresh one (ignored when the To already has a tag).</param>
    public static SipMessageBuilder Create(SipMessage request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var builder = SipMessageBuilder.Response(statusCode, reasonPhrase);
        foreach (var via in request.GetHeaders(SipHeaderId.Via))
        {
            builder.AddCopiedHeader(SipHeaderId.Via, via.Value);
        }

        if (statusCode is > 100 and < 300 && request.Method.Kind is SipMethodKind.Invite or SipMethodKind.Subscribe)
        {
            foreach (var recordRoute in request.GetHeaders(SipHeaderId.RecordRoute))
            {
                builder.AddCopiedHeader(SipHeaderId.RecordRoute, recordRoute.Value);
            }
        }

        if (request.TryGetHeader(SipHeaderId.From, out var from))
        {
            builder.AddCopiedHeader(SipHeaderId.From, from.Value);
        }

        if (request.TryGetHeader(SipHeaderId.To, out var to))
        {
            var hasTag = request.TryGetTo(out var parsed) && parsed.HasTag;
            if (hasTag || statusCode == 100)
            {
                builder.AddCopiedHeader(SipHeaderId.To, to.Value);
                builder.ToTag = hasTag ? parsed.Tag.ToString() : null;
            }
            else
            {
                var tag = toTag ?? SipIds.NewTag();
                var value = new byte[to.Value.Length + 5 + System.Text.Encoding.UTF8.GetByteCount(tag)];
                to.Value.CopyTo(value);
                ";tag="u8.CopyTo(value.AsSpan(to.Value.Length));
                System.Text.Encoding.UTF8.GetBytes(tag, value.AsSpan(to.Value.Length + 5));
                builder.AddCopiedHeader(SipHeaderId.To, value);
                builder.ToTag = tag;
            }
        }

        if (request.TryGetHeader(SipHeaderId.CallId, out var callId))
        {
            builder.AddCopiedHeader(SipHeaderId.CallId, callId.Value);
        }

        if (request.TryGetHeader(SipHeaderId.CSeq, out var cseq))
        {
            builder.AddCopiedHeader(SipHeaderId.CSeq, cseq.Value);
        }

        return builder;
    }
}
