using System.Text;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;

using Lifeline.Sip.Tests.Messages;

namespace Lifeline.Sip.Tests.Parsing;

public sealed class SipParserTests
{
    private static SipMessage Parse(string text, SipFraming framing = SipFraming.Datagram)
    {
        var result = SipParser.Default.Parse(SipSamples.Bytes(text).AsMemory(), framing);
        result.Success.ShouldBeTrue(result.Error.ToString());
        return result.Message!;
    }

    private static SipParseError Fail(string text, SipFraming framing = SipFraming.Datagram)
    {
        var result = SipParser.Default.Parse(SipSamples.Bytes(text).AsMemory(), framing);
        result.Success.ShouldBeFalse();
        return result.Error;
    }

    [Fact]
    public void Parse_Invite_IndexesStartLineHeadersInOrderAndBody()
    {
        var m = Parse(SipSamples.Invite);
        m.IsRequest.ShouldBeTrue();
        m.Method.ShouldBe(SipMethod.Invite);
        m.RequestUri.ToString().ShouldBe("sip:+15551234567@carrier.example.com;user=phone");
        m.Version.ToString().ShouldBe("SIP/2.0");
        m.HeaderCount.ShouldBe(13);
        m.GetHeader(0).Id.ShouldBe(SipHeaderId.Via);
        m.GetHeader(10).GetName().ShouldBe("X-Campaign");
        m.GetHeader(10).Id.ShouldBe(SipHeaderId.Unknown);
        m.GetHeader(10).GetValue().ShouldBe("spring  sale");
        Encoding.ASCII.GetString(m.Body.Span).ShouldBe("v=0\r\no=- 1 1 IN IP4 x\r\n");
        m.Length.ShouldBe(SipSamples.Invite.Length);
        m.Validate().IsError.ShouldBeFalse();
    }

    [Fact]
    public void Parse_Response_ReadsStatusAndReason()
    {
        var m = Parse(SipSamples.Ok);
        m.IsResponse.ShouldBeTrue();
        m.StatusCode.ShouldBe(200);
        m.ReasonPhrase.ToString().ShouldBe("OK");
        m.CSeqMethod.ShouldBe(SipMethod.Options);
    }

    [Theory]
    [InlineData("i", "Call-ID")]
    [InlineData("CALL-ID", "call-id")]
    [InlineData("m", "Contact")]
    [InlineData("v", "VIA")]
    [InlineData("l", "Content-Length")]
    [InlineData("f", "From")]
    [InlineData("t", "To")]
    [InlineData("s", "Subject")]
    [InlineData("k", "Supported")]
    [InlineData("c", "Content-Type")]
    [InlineData("e", "Content-Encoding")]
    [InlineData("o", "Event")]
    [InlineData("u", "Allow-Events")]
    [InlineData("r", "Refer-To")]
    [InlineData("x", "Session-Expires")]
    [InlineData("y", "Identity")]
    [InlineData("b", "Referred-By")]
    [InlineData("j", "Reject-Contact")]
    [InlineData("d", "Request-Disposition")]
    [InlineData("a", "Accept-Contact")]
    [InlineData("n", "Identity-Info")]
    public void Identify_CompactAndLongFormsAnyCase_AreTheSameHeader(string compact, string longName)
    {
        SipHeaderNames.Identify(compact).ShouldBe(SipHeaderNames.Identify(longName));
        SipHeaderNames.Identify(compact).ShouldNotBe(SipHeaderId.Unknown);
    }

    [Fact]
    public void TryGetHeader_ByNameOrCompactForm_FindsTheSameLine()
    {
        var m = Parse("OPTIONS sip:a@b SIP/2.0\r\ni: abc@host\r\nX-Odd: 1\r\nx-odd: 2\r\n\r\n");
        m.TryGetHeader("Call-ID", out var a).ShouldBeTrue();
        m.TryGetHeader(SipHeaderId.CallId, out var b).ShouldBeTrue();
        a.Index.ShouldBe(b.Index);
        m.CallId.ToString().ShouldBe("abc@host");
        m.GetValues("X-ODD").ToList().ShouldBe(["1", "2"]);
    }

    [Fact]
    public void GetValues_ListHeadersSplitAtCommas_OthersDoNot()
    {
        var m = Parse(
            "SIP/2.0 401 Unauthorized\r\n" +
            "Via: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\r\n" +
            "Via: SIP/2.0/UDP c;branch=z9hG4bK3\r\n" +
            "Contact: \"Doe, John\" <sip:j@x>, <sip:k@y;a=\"1,2\">\r\n" +
            "WWW-Authenticate: Digest realm=\"x\", nonce=\"y\"\r\n" +
            "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\n\r\n");
        m.GetValues(SipHeaderId.Via).ToList().Count.ShouldBe(3);
        m.GetValues(SipHeaderId.Contact).ToList().ShouldBe(["\"Doe, John\" <sip:j@x>", "<sip:k@y;a=\"1,2\">"]);
        m.GetValues(SipHeaderId.WwwAuthenticate).ToList().ShouldBe(["Digest realm=\"x\", nonce=\"y\""]);
        m.GetValues(SipHeaderId.Date).ToList().ShouldBe(["Sat, 13 Nov 2010 23:29:00 GMT"]);
    }

    [Fact]
    public void Parse_BareLineFeedsAndLeadingCrLf_AreAccepted()
    {
        var m = Parse("\r\n\r\nOPTIONS sip:a@b SIP/2.0\nCall-ID: x\nContent-Length: 2\n\nhi");
        m.CallId.ToString().ShouldBe("x");
        Encoding.ASCII.GetString(m.Body.Span).ShouldBe("hi");
        m.StartLine.ToString().ShouldBe("OPTIONS sip:a@b SIP/2.0");
    }

    [Fact]
    public void Parse_FoldedValue_KeepsBytesAndUnfoldsOnRead()
    {
        var m = Parse("OPTIONS sip:a@b SIP/2.0\r\nSubject: one\r\n  two\r\n\tthree\r\n\r\n");
        m.TryGetHeader(SipHeaderId.Subject, out var subject).ShouldBeTrue();
        Encoding.ASCII.GetString(subject.Value).ShouldBe("one\r\n  two\r\n\tthree");
        subject.GetValue().ShouldBe("one two three");
    }

    [Fact]
    public void Parse_DatagramWithoutContentLength_BodyIsRestOfDatagram()
    {
        var m = Parse("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nhello world");
        Encoding.ASCII.GetString(m.Body.Span).ShouldBe("hello world");
    }

    [Fact]
    public void Parse_StreamWithoutContentLength_IsAFramingError()
    {
        var error = Fail("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n", SipFraming.Stream);
        error.Code.ShouldBe(SipErrorCode.MissingContentLength);
        error.Part.ShouldBe(SipMessagePart.ContentLength);
    }

    [Theory]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nCall-ID x\r\n\r\n", SipErrorCode.MissingColon, SipMessagePart.HeaderName)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nCall ID: x\r\n\r\n", SipErrorCode.InvalidHeaderName, SipMessagePart.HeaderName)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\n: x\r\n\r\n", SipErrorCode.InvalidHeaderName, SipMessagePart.HeaderName)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\n x: y\r\n\r\n", SipErrorCode.UnexpectedContinuation, SipMessagePart.HeaderName)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nSubject: a\rb\r\n\r\n", SipErrorCode.InvalidLineEnding, SipMessagePart.HeaderValue)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 1x\r\n\r\n", SipErrorCode.InvalidContentLength, SipMessagePart.ContentLength)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 99999999999\r\n\r\n", SipErrorCode.InvalidContentLength, SipMessagePart.ContentLength)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nl: 1\r\nContent-Length: 2\r\n\r\nab", SipErrorCode.ConflictingContentLength, SipMessagePart.ContentLength)]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 5\r\n\r\nab", SipErrorCode.BodyTruncated, SipMessagePart.Body)]
    [InlineData("OPTIONS sip:a@b\r\n\r\n", SipErrorCode.InvalidRequestUri, SipMessagePart.StartLine)]
    [InlineData("OPT(IONS sip:a@b SIP/2.0\r\n\r\n", SipErrorCode.InvalidMethod, SipMessagePart.StartLine)]
    [InlineData("OPTIONS sip:a@b HTTP/1.1\r\n\r\n", SipErrorCode.InvalidVersion, SipMessagePart.StartLine)]
    [InlineData("SIP/2.0 20 OK\r\n\r\n", SipErrorCode.InvalidStatusCode, SipMessagePart.StartLine)]
    [InlineData("SIP/2.0 099 Low\r\n\r\n", SipErrorCode.InvalidStatusCode, SipMessagePart.StartLine)]
    [InlineData("SIP/2.0 200 O\u0001K\r\n\r\n", SipErrorCode.InvalidReasonPhrase, SipMessagePart.StartLine)]
    [InlineData("\r\n\r\n", SipErrorCode.Empty, SipMessagePart.Message)]
    public void Parse_Malformed_ReturnsTypedErrorNamingThePart(string text, SipErrorCode code, SipMessagePart part)
    {
        var error = Fail(text);
        error.Code.ShouldBe(code);
        error.Part.ShouldBe(part);
        error.ToString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Parse_HeaderValueError_NamesTheHeader()
    {
        var error = Fail("OPTIONS sip:a@b SIP/2.0\r\nVia: a\rb\r\n\r\n");
        error.Header.ShouldBe(SipHeaderId.Via);
        error.ToString().ShouldContain("header value of Via");
    }

    [Fact]
    public void Parse_MessageAboveMaxSize_IsRejected()
    {
        var parser = new SipParser(new SipParserOptions { MaxMessageSize = 100 });
        var big = "OPTIONS sip:a@b SIP/2.0\r\nX: " + new string('a', 200) + "\r\n\r\n";
        parser.Parse(SipSamples.Bytes(big).AsMemory()).Error.Code.ShouldBe(SipErrorCode.MessageTooLarge);
        var bigBody = "OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 200\r\n\r\n" + new string('b', 200);
        parser.Parse(SipSamples.Bytes(bigBody).AsMemory()).Error.Code.ShouldBe(SipErrorCode.MessageTooLarge);
    }

    [Fact]
    public void Parse_MoreHeadersThanMax_IsRejected()
    {
        var parser = new SipParser(new SipParserOptions { MaxHeaderCount = 3 });
        var text = "OPTIONS sip:a@b SIP/2.0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n";
        parser.Parse(SipSamples.Bytes(text).AsMemory()).Error.Code.ShouldBe(SipErrorCode.TooManyHeaders);
    }

    [Fact]
    public void Parse_ManyHeaders_SpillPastTheInlineIndex()
    {
        var builder = new StringBuilder("OPTIONS sip:a@b SIP/2.0\r\n");
        for (var i = 0; i < 100; i++)
        {
            builder.Append("X-H").Append(i).Append(": v").Append(i).Append("\r\n");
        }

        var m = Parse(builder.Append("Call-ID: last\r\n\r\n").ToString());
        m.HeaderCount.ShouldBe(101);
        m.GetHeader(99).GetValue().ShouldBe("v99");
        m.CallId.ToString().ShouldBe("last");
    }

    [Fact]
    public void Parse_SpanOverload_CopiesTheInput()
    {
        var bytes = SipSamples.Bytes(SipSamples.Ok);
        var result = SipParser.Default.Parse(bytes.AsSpan());
        Array.Clear(bytes);
        result.Message!.StatusCode.ShouldBe(200);
    }

    [Fact]
    public void Frame_StreamBuffer_ReportsNeedMoreMessageAndKeepAlives()
    {
        var parser = SipParser.Default;
        var ok = SipSamples.Bytes(SipSamples.Ok);
        parser.Frame(ok.AsSpan(0, 10)).Status.ShouldBe(SipFrameStatus.NeedMoreData);
        var whole = parser.Frame(ok);
        whole.Status.ShouldBe(SipFrameStatus.Message);
        whole.Length.ShouldBe(ok.Length);

        var two = ok.Concat(ok).ToArray();
        parser.Frame(two).Length.ShouldBe(ok.Length);

        parser.Frame("\r\n\r\n"u8).Status.ShouldBe(SipFrameStatus.KeepAlivePing);
        parser.Frame("\r\n\r\n"u8).Length.ShouldBe(4);
        parser.Frame("\r\nSIP"u8).Status.ShouldBe(SipFrameStatus.KeepAlivePong);
        parser.Frame(ReadOnlySpan<byte>.Empty).Status.ShouldBe(SipFrameStatus.NeedMoreData);
    }

    [Fact]
    public void Frame_BodyStillArriving_SaysHowManyBytesAreNeeded()
    {
        var text = SipSamples.Bytes("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 10\r\n\r\nhello");
        var frame = SipParser.Default.Frame(text);
        frame.Status.ShouldBe(SipFrameStatus.NeedMoreData);
        frame.Length.ShouldBe(text.Length + 5);
    }

    [Fact]
    public void Frame_NeverEndingHeaders_IsAnErrorPastMaxSize()
    {
        var parser = new SipParser(new SipParserOptions { MaxMessageSize = 64 });
        var text = SipSamples.Bytes("OPTIONS sip:a@b SIP/2.0\r\nX: " + new string('a', 100));
        var frame = parser.Frame(text);
        frame.Status.ShouldBe(SipFrameStatus.Error);
        frame.Error.Code.ShouldBe(SipErrorCode.MessageTooLarge);
    }

    [Fact]
    public void Frame_ThenParse_ReadsConsecutiveStreamMessages()
    {
        var stream = SipSamples.Bytes(SipSamples.Ok + SipSamples.Invite);
        var offset = 0;
        var codes = new List<string>();
        while (offset < stream.Length)
        {
            var frame = SipParser.Default.Frame(stream.AsSpan(offset));
            frame.Status.ShouldBe(SipFrameStatus.Message);
            var m = SipParser.Default.Parse(stream.AsMemory(offset, frame.Length), SipFraming.Stream).Message!;
            codes.Add(m.IsRequest ? m.Method.ToString() : m.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            offset += frame.Length;
        }

        codes.ShouldBe(["200", "INVITE"]);
    }
}
