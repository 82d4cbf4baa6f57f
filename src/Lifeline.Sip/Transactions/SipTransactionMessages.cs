using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Writing;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// The few messages the transaction layer writes itself — the ACK for a non-2xx final response
/// (RFC 3261 §17.1.1.3), the CANCEL of an INVITE (§9.1), the automatic 100 Trying (§8.2.6.1,
/// §17.2.1) — built with the message layer's writer, and copies of inbound messages it keeps.
/// </summary>
internal static class SipTransactionMessages
{
    private static readonly SipParser CopyParser = new(new SipParserOptions { MaxMessageSize = int.MaxValue, MaxHeaderCount = int.MaxValue });

    /// <summary>
    /// The ACK for a non-2xx final response, or empty when the response lacks what the ACK copies
    /// (a To header): such a response cannot be acknowledged.
    /// </summary>
    public static ReadOnlyMemory<byte> BuildAck(SipMessage invite, SipMessage response)
        => SipRequests.TryCreateAckForFailure(invite, response, out var ack) ? ack!.ToArray() : ReadOnlyMemory<byte>.Empty;

    /// <summary>
    /// The CANCEL of a request. The layer checked, when the transaction started, that the request
    /// has everything a CANCEL copies.
    /// </summary>
    public static SipMessage BuildCancel(SipMessage request)
        => SipRequests.TryCreateCancel(request, out var cancel)
            ? cancel!.Build()
            : throw new InvalidOperationException("The request lacks a header a CANCEL copies.");

    /// <summary>100 Trying for a request (RFC 3261 §8.2.6.1: Timestamp copied too; no To tag added).</summary>
    public static SipMessage BuildTrying(SipMessage request)
    {
        var trying = SipResponses.Create(request, 100);
        foreach (var timestamp in request.GetHeaders(SipHeaderId.Timestamp))
        {
            trying.AddHeader(SipHeaderId.Timestamp, timestamp.Value);
        }

        return trying.Build();
    }

    /// <summary>
    /// A copy of a message that owns its bytes: inbound messages may sit in a transport's pooled
    /// buffer, and a transaction keeps its request and final response for its whole life.
    /// </summary>
    /// <remarks>The message layer could offer this without a second parse (copy the bytes and the header index).</remarks>
    public static SipMessage Detach(SipMessage message)
    {
        var result = CopyParser.Parse(message.Bytes.ToArray().AsMemory(), SipFraming.Datagram);

        // The bytes parsed once already; a second parse of the same bytes cannot fail.
        return result.Message ?? message;
    }
}
