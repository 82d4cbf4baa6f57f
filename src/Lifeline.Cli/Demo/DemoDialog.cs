using Lifeline.Sip.Messages;
using Lifeline.Sip.Uris;
using Lifeline.Sip.Writing;

namespace Lifeline.Cli.Demo;

/// <summary>
/// What the dialer keeps of an answered call to send its ACK and BYE (RFC 3261 §12.1.2): the remote target (the
/// 200's Contact), the route set (the 200's Record-Route, reversed), and the dialog's Call-ID and tags.
/// </summary>
internal sealed class DemoDialog
{
    private readonly byte[] _target;
    private readonly List<byte[]> _routes;
    private readonly byte[] _to;
    private readonly string _callId;
    private readonly SipUri _from;
    private readonly string _fromTag;

    private DemoDialog(byte[] target, List<byte[]> routes, byte[] to, string callId, SipUri from, string fromTag)
    {
        _target = target;
        _routes = routes;
        _to = to;
        _callId = callId;
        _from = from;
        _fromTag = fromTag;
    }

    public static DemoDialog From(SipMessage answer, string callId, SipUri from, string fromTag)
    {
        var target = answer.TryGetContact(out var contact) ? contact.Uri.Span.ToArray() : answer.RequestUri.Span.ToArray();
        var routes = new List<byte[]>();
        foreach (var recordRoute in answer.GetHeaders(SipHeaderId.RecordRoute))
        {
            routes.Insert(0, recordRoute.Value.ToArray());
        }

        var to = answer.TryGetHeader(SipHeaderId.To, out var toHeader) ? toHeader.Value.ToArray() : [];
        return new DemoDialog(target, routes, to, callId, from, fromTag);
    }

    /// <summary>An in-dialog request (ACK, BYE) with a fresh branch, along the route set.</summary>
    public SipMessageBuilder Request(SipMethod method, uint cseq, SipSentBy sentBy)
    {
        var builder = SipMessageBuilder.Request(method, _target)
            .AddVia(sentBy, SipIds.NewBranch(), rport: true)
            .AddMaxForwards(70)
            .AddFrom(_from, _fromTag)
            .AddHeader(SipHeaderId.To, _to)
            .AddCallId(_callId)
            .AddCSeq(cseq, method);
        foreach (var route in _routes)
        {
            builder.AddHeader(SipHeaderId.Route, route);
        }

        return builder;
    }
}
