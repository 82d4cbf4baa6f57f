using System.Text;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Uris;
using Lifeline.Sip.Writing;

using Lifeline.Sip.Tests.Messages;

namespace Lifeline.Sip.Tests.Writing;

public sealed class SipMessageBuilderTests
{
    private static SipUri Uri(string text)
    {
        SipUri.TryParse(text, out var uri).ShouldBeTrue();
        return uri!;
    }

    [Fact]
    public void Options_Probe_HasFreshIdsAndParsesBackValid()
    {
        var builder = SipRequests.Options(Uri("sip:gw1.carrier.example:5060;transport=udp"), new SipSentBy("UDP", "192.0.2.10", 5070), Uri("sip:lifeline@192.0.2.10"), cseq: 7, userAgent: "Lifeline");
        var m = builder.Build();
        m.Validate().IsError.ShouldBeFalse();
        m.Method.ShouldBe(SipMethod.Options);
        m.RequestUri.ToString().ShouldBe("sip:gw1.carrier.example:5060;transport=udp");

        builder.Branch.ShouldStartWith("z9hG4bK");
        builder.Branch!.Length.ShouldBeGreaterThan(20);
        m.TopViaBranch.ToString().ShouldBe(builder.Branch);
        m.TryGetTopVia(out var via).ShouldBeTrue();
        via.SentBy.ShouldBe("192.0.2.10:5070");
        via.HasRPort.ShouldBeTrue();
        m.TryGetFrom(out var from).ShouldBeTrue();
        from.Tag.ToString().ShouldBe(builder.FromTag);
        m.CallId.ToString().ShouldBe(builder.CallId);
        m.TryGetCSeq(out var cseq).ShouldBeTrue();
        cseq.Sequence.ShouldBe(7u);
        m.TryGetMaxForwards(out var maxForwards).ShouldBeTrue();
        maxForwards.ShouldBe(70);
        m.TryGetContentLength(out var contentLength).ShouldBeTrue();
        contentLength.ShouldBe(0);
        m.GetHeaderValue(SipHeaderId.UserAgent).ShouldBe("Lifeline");

        var second = SipRequests.Options(Uri("sip:gw1.carrier.example"), new SipSentBy("UDP", "192.0.2.10", null), Uri("sip:lifeline@192.0.2.10"));
        second.Branch.ShouldNotBe(builder.Branch);
        second.CallId.ShouldNotBe(builder.CallId);
    }

    [Fact]
    public void Response_FromInvite_CopiesViasFromToCallIdCSeqAndTagsTo()
    {
        var invite = SipParser.Default.ParseDatagram(SipSamples.Bytes(SipSamples.Invite)).Message!;
        var builder = SipResponses.Create(invite, 503, toTag: "t1").AddReason("SIP", 503, "all trunks down");
        var response = builder.Build();

        response.StatusCode.ShouldBe(503);
        response.ReasonPhrase.ToString().ShouldBe("Service Unavailable");
        response.Validate().IsError.ShouldBeFalse();
        response.GetValues(SipHeaderId.Via).ToList().ShouldBe(invite.GetValues(SipHeaderId.Via).ToList());
        response.GetHeaderValue(SipHeaderId.From).ShouldBe(invite.GetHeaderValue(SipHeaderId.From));
        response.GetHeaderValue(SipHeaderId.To).ShouldBe(invite.GetHeaderValue(SipHeaderId.To) + ";tag=t1");
        response.CallId.ToString().ShouldBe(invite.CallId.ToString());
        response.GetHeaderValue(SipHeaderId.CSeq).ShouldBe("314159 INVITE");
        response.GetHeaderValue(SipHeaderId.Reason).ShouldBe("SIP;cause=503;text=\"all trunks down\"");
        response.Contains(SipHeaderId.RecordRoute).ShouldBeFalse();
        response.Body.Length.ShouldBe(0);
    }

    [Fact]
    public void Response_100Trying_AddsNoToTag()
    {
        var invite = SipParser.Default.ParseDatagram(SipSamples.Bytes(SipSamples.Invite)).Message!;
        var trying = SipResponses.Create(invite, 100).Build();
        trying.ReasonPhrase.ToString().ShouldBe("Trying");
        trying.TryGetTo(out var to).ShouldBeTrue();
        to.HasTag.ShouldBeFalse();
    }

    [Fact]
    public void Response_2xxToInvite_CopiesRecordRoute()
    {
        var invite = SipParser.Default.ParseDatagram(SipSamples.Bytes(SipSamples.Invite)).Message!;
        var ok = SipResponses.Create(invite, 200).Build();
        ok.GetHeaderValue(SipHeaderId.RecordRoute).ShouldBe("<sip:10.0.0.5;lr>");
        ok.TryGetTo(out var to).ShouldBeTrue();
        to.HasTag.ShouldBeTrue();
    }

    [Fact]
    public void AckForFailure_FollowsRfc3261Section17113()
    {
        var invite = SipParser.Default.ParseDatagram(SipSamples.Bytes(SipSamples.Invite)).Message!;
        var busy = SipResponses.Create(invite, 486, toTag: "callee").Build();
        SipRequests.TryCreateAckForFailure(invite, busy, out var builder).ShouldBeTrue();
        var ack = builder!.Build();

        ack.Method.ShouldBe(SipMethod.Ack);
        ack.RequestUri.ToString().ShouldBe(invite.RequestUri.ToString());
        ack.GetValues(SipHeaderId.Via).ToList().ShouldBe([invite.GetValues(SipHeaderId.Via).ToList()[0]]);
        ack.GetHeaderValue(SipHeaderId.To).ShouldBe(busy.GetHeaderValue(SipHeaderId.To));
        ack.GetHeaderValue(SipHeaderId.From).ShouldBe(invite.GetHeaderValue(SipHeaderId.From));
        ack.GetHeaderValue(SipHeaderId.CSeq).ShouldBe("314159 ACK");
        ack.GetValues(SipHeaderId.Route).ToList().ShouldBe(invite.GetValues(SipHeaderId.Route).ToList());
        ack.Validate().IsError.ShouldBeFalse();

        SipRequests.TryCreateAckForFailure(invite, SipResponses.Create(invite, 200).Build(), out _).ShouldBeFalse();
    }

    [Fact]
    public void Cancel_FollowsRfc3261Section91()
    {
        var invite = SipParser.Default.ParseDatagram(SipSamples.Bytes(SipSamples.Invite)).Message!;
        SipRequests.TryCreateCancel(invite, out var builder).ShouldBeTrue();
        var cancel = builder!.Build();
        cancel.Method.ShouldBe(SipMethod.Cancel);
        cancel.RequestUri.ToString().ShouldBe(invite.RequestUri.ToString());
        cancel.TopViaBranch.ToString().ShouldBe(invite.TopViaBranch.ToString());
        cancel.CountHeaders(SipHeaderId.Via).ShouldBe(1);
        cancel.GetHeaderValue(SipHeaderId.To).ShouldBe(invite.GetHeaderValue(SipHeaderId.To));
        cancel.GetHeaderValue(SipHeaderId.CSeq).ShouldBe("314159 CANCEL");
        cancel.Validate().IsError.ShouldBeFalse();
    }

    [Fact]
    public void Builder_WithBody_WritesContentLengthAndTypeIntoAnyBufferWriter()
    {
        var sdp = "v=0\r\n"u8.ToArray();
        var builder = SipMessageBuilder.Request(SipMethod.Invite, Uri("sip:bob@example.com"))
            .AddVia(new SipSentBy("TCP", "2001:db8::1", 5060), "z9hG4bKb1")
            .AddFrom(Uri("sip:alice@example.com"), "a1", "Alice \"A\"")
            .AddTo(Uri("sip:bob@example.com"))
            .AddCallId("c1")
            .AddCSeq(1, SipMethod.Invite)
            .AddMaxForwards()
            .SetBody(sdp, "application/sdp");
        using var writer = new PooledBufferWriter(16);
        var count = builder.WriteTo(writer);
        count.ShouldBe(writer.WrittenCount);
        var m = SipParser.Default.Parse(writer.WrittenMemory, SipFraming.Stream).Message!;
        m.Body.ToArray().ShouldBe(sdp);
        m.TryGetTopVia(out var via).ShouldBeTrue();
        via.Host.ToString().ShouldBe("[2001:db8::1]");
        m.TryGetFrom(out var from).ShouldBeTrue();
        from.GetDisplayName().ShouldBe("Alice \"A\"");
        m.Validate().IsError.ShouldBeFalse();
        Encoding.ASCII.GetString(writer.WrittenSpan).ShouldContain("Content-Length: 5\r\n\r\nv=0");
    }

    [Fact]
    public void Builder_RejectsContentLengthAndLineBreaks()
    {
        var builder = SipMessageBuilder.Response(200);
        Should.Throw<ArgumentException>(() => builder.AddHeader("Content-Length", "5"));
        Should.Throw<ArgumentException>(() => builder.AddHeader("X-A", "a\r\nVia: injected"));
    }

    [Fact]
    public void SipIds_AreRandomAndWellFormed()
    {
        var branches = Enumerable.Range(0, 100).Select(_ => SipIds.NewBranch()).ToHashSet();
        branches.Count.ShouldBe(100);
        branches.ShouldAllBe(b => b.StartsWith("z9hG4bK", StringComparison.Ordinal) && b.Length == 27);
        SipIds.NewCallId("host.example").ShouldEndWith("@host.example");
        SipIds.NewTag().Length.ShouldBe(12);
    }
}
