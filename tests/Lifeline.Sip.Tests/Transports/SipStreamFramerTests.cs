using System.Text;
using Lifeline.Sip.Transports;

namespace Lifeline.Sip.Tests.Transports;

public class SipStreamFramerTests
{
    private const string Head = "INVITE sip:bob@192.0.2.4 SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1\r\nCall-ID: x\r\n";

    private static SipFrame Frame(string text, int max = 65_535, bool pongExpected = false) =>
        new SipStreamFramer(max).Frame(Encoding.UTF8.GetBytes(text), pongExpected);

    [Fact]
    public void Frame_RequestWithoutBody_ReturnsWholeLength()
    {
        var text = Head + "Content-Length: 0\r\n\r\n";

        Frame(text).ShouldBe(SipFrame.Message(text.Length));
    }

    [Fact]
    public void Frame_RequestWithBody_IncludesBodyEvenWhenItHoldsBlankLines()
    {
        const string body = "v=0\r\n\r\nSIP/2.0 200 OK\r\n\r\n";
        var text = Head + $"Content-Length: {body.Length}\r\n\r\n" + body;

        Frame(text + "OPTIONS sip:next SIP/2.0\r\n").ShouldBe(SipFrame.Message(text.Length));
    }

    [Fact]
    public void Frame_StatusLine_IsAMessage()
    {
        var text = "SIP/2.0 200 OK\r\nl: 2\r\n\r\nhi";

        Frame(text).ShouldBe(SipFrame.Message(text.Length));
    }

    [Theory]
    [InlineData("Content-Length: 3")]
    [InlineData("content-length:3")]
    [InlineData("CONTENT-LENGTH   :   3   ")]
    [InlineData("l: 3")]
    [InlineData("L:3")]
    [InlineData("l\t:\t3\t")]
    [InlineData("Content-Length:\r\n   3")]
    [InlineData("Content-Length: \r\n\t3 \r\n ")]
    [InlineData("Content-Length: 003")]
    public void Frame_ContentLengthSpellings_AreAllRead(string header)
    {
        var text = Head + header + "\r\n\r\nabc";

        Frame(text + "trailing").ShouldBe(SipFrame.Message(text.Length));
    }

    [Fact]
    public void Frame_ContentLengthInsideAFoldedHeader_IsNotAHeader()
    {
        var text = Head + "Subject: hello\r\n Content-Length: 99\r\nContent-Length: 0\r\n\r\n";

        Frame(text).ShouldBe(SipFrame.Message(text.Length));
    }

    [Fact]
    public void Frame_HeaderNamesThatOnlyStartLikeContentLength_AreIgnored()
    {
        var text = Head + "Content-Length-X: 99\r\nLength: 98\r\nll: 97\r\nContent-Length: 0\r\n\r\n";

        Frame(text).ShouldBe(SipFrame.Message(text.Length));
    }

    [Fact]
    public void Frame_IncompleteHeader_NeedsMore()
    {
        Frame(Head + "Content-Length: 0\r\n").Kind.ShouldBe(SipFrameKind.NeedMore);
        Frame("INVITE sip:bob@192.0.2.4 SIP/2").Kind.ShouldBe(SipFrameKind.NeedMore);
    }

    [Fact]
    public void Frame_IncompleteBody_NeedsMoreUntilTheLastByte()
    {
        var text = Head + "Content-Length: 5\r\n\r\nabcde";
        var bytes = Encoding.UTF8.GetBytes(text);
        var framer = new SipStreamFramer(65_535);

        for (var length = 1; length < bytes.Length; length++)
        {
            framer.Frame(bytes.AsSpan(0, length)).Kind.ShouldBe(SipFrameKind.NeedMore, $"after {length} bytes");
        }

        framer.Frame(bytes).ShouldBe(SipFrame.Message(bytes.Length));
    }

    [Fact]
    public void Frame_MissingContentLength_IsAnError()
    {
        Frame(Head + "\r\nbody").ShouldBe(SipFrame.Fail(SipFramingError.MissingContentLength));
        Frame("OPTIONS sip:a SIP/2.0\r\n\r\n").ShouldBe(SipFrame.Fail(SipFramingError.MissingContentLength));
    }

    [Theory]
    [InlineData("Content-Length: abc")]
    [InlineData("Content-Length: -1")]
    [InlineData("Content-Length: +1")]
    [InlineData("Content-Length: 1 2")]
    [InlineData("Content-Length:")]
    [InlineData("Content-Length: 5;x=1")]
    [InlineData("l: 0x10")]
    public void Frame_InvalidContentLength_IsAnError(string header)
    {
        Frame(Head + header + "\r\n\r\n").ShouldBe(SipFrame.Fail(SipFramingError.InvalidContentLength));
    }

    [Fact]
    public void Frame_TwoDifferentContentLengths_IsAnError()
    {
        Frame(Head + "Content-Length: 1\r\nl: 2\r\n\r\nab").ShouldBe(SipFrame.Fail(SipFramingError.ConflictingContentLength));
    }

    [Fact]
    public void Frame_TwoEqualContentLengths_IsAMessage()
    {
        var text = Head + "Content-Length: 2\r\nl: 2\r\n\r\nab";

        Frame(text).ShouldBe(SipFrame.Message(text.Length));
    }

    [Theory]
    [InlineData("Content-Length: 2000")]
    [InlineData("Content-Length: 99999999999999999999999999")]
    public void Frame_MessageLongerThanTheLimit_IsAnError(string header)
    {
        Frame(Head + header + "\r\n\r\n", max: 1024).ShouldBe(SipFrame.Fail(SipFramingError.MessageTooLarge));
    }

    [Fact]
    public void Frame_HeaderBlockLongerThanTheLimit_IsAnErrorOnceTheLimitIsBuffered()
    {
        var text = Head + "X-Filler: " + new string('a', 2000) + "\r\n";

        Frame(text[..1000], max: 1024).Kind.ShouldBe(SipFrameKind.NeedMore);
        Frame(text, max: 1024).ShouldBe(SipFrame.Fail(SipFramingError.HeaderTooLarge));
    }

    [Fact]
    public void Frame_StartLineLongerThanTheLimit_IsAnError()
    {
        Frame("INVITE sip:" + new string('a', 2000), max: 1024).ShouldBe(SipFrame.Fail(SipFramingError.HeaderTooLarge));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")]
    [InlineData(" INVITE sip:a SIP/2.0\r\n")]
    [InlineData("INVITE sip:a SIP/3.0\r\n")]
    [InlineData("INVITE  SIP/2.0\r\n")]
    [InlineData("INVITE sip:a\r\n")]
    [InlineData("INV(TE sip:a SIP/2.0\r\n")]
    [InlineData("SIP/2.0 2000 OK\r\n")]
    [InlineData("SIP/2.0 800 Huh\r\n")]
    [InlineData("SIP/2.0 20\r\n")]
    [InlineData("\u0016\u0003\u0001\u0002\u0000")]
    [InlineData("\u0000\u0000")]
    [InlineData("{\"json\": true}\r\n")]
    public void Frame_NotASipStartLine_IsAnError(string text)
    {
        Frame(text).ShouldBe(SipFrame.Fail(SipFramingError.InvalidStartLine));
    }

    [Theory]
    [InlineData("INVITE sip:a\u0000")]
    [InlineData("INVITE sip:a\u0007bc")]
    [InlineData("INVITE sip:a\nb")]
    [InlineData("INVITE sip:a\rb")]
    public void Frame_ControlCharacterInAnUnfinishedStartLine_IsAnErrorAtOnce(string text)
    {
        Frame(text).ShouldBe(SipFrame.Fail(SipFramingError.InvalidStartLine));
    }

    [Fact]
    public void Frame_CarriageReturnAtTheEndOfAnUnfinishedStartLine_NeedsMore()
    {
        Frame("INVITE sip:a SIP/2.0\r").Kind.ShouldBe(SipFrameKind.NeedMore);
    }

    [Fact]
    public void Frame_DoubleCrlf_IsAPing()
    {
        Frame("\r\n\r\n").ShouldBe(SipFrame.Ping);
        Frame("\r\n\r\nINVITE").ShouldBe(SipFrame.Ping);
    }

    [Fact]
    public void Frame_SingleCrlfBeforeAMessage_IsAPong()
    {
        Frame("\r\nINVITE sip:a SIP/2.0\r\n").ShouldBe(SipFrame.Pong);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\r\n")]
    [InlineData("\r\n\r")]
    public void Frame_CrlfThatMayStartAPing_NeedsMore(string text)
    {
        Frame(text).Kind.ShouldBe(SipFrameKind.NeedMore);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r\n\r")]
    public void Frame_LoneCrlfWhileAPongIsExpected_IsThePong(string text)
    {
        Frame(text, pongExpected: true).ShouldBe(SipFrame.Pong);
    }

    [Fact]
    public void Frame_DoubleCrlfWhileAPongIsExpected_IsStillAPing()
    {
        Frame("\r\n\r\n", pongExpected: true).ShouldBe(SipFrame.Ping);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\rX")]
    [InlineData("\n\r\n")]
    public void Frame_BrokenKeepAlive_IsAnError(string text)
    {
        Frame(text).ShouldBe(SipFrame.Fail(SipFramingError.InvalidKeepAlive));
    }

    [Fact]
    public void Frame_EmptyBuffer_NeedsMore()
    {
        new SipStreamFramer(1024).Frame([]).Kind.ShouldBe(SipFrameKind.NeedMore);
    }

    [Fact]
    public void Frame_AfterAMessage_StartsAfreshOnTheNextOne()
    {
        var first = Head + "Content-Length: 1\r\n\r\nA";
        var second = "SIP/2.0 180 Ringing\r\nl: 2\r\n\r\nBB";
        var bytes = Encoding.UTF8.GetBytes(first + second);
        var framer = new SipStreamFramer(65_535);

        framer.Frame(bytes.AsSpan(0, 10)).Kind.ShouldBe(SipFrameKind.NeedMore);
        framer.Frame(bytes).ShouldBe(SipFrame.Message(first.Length));
        framer.Frame(bytes.AsSpan(first.Length)).ShouldBe(SipFrame.Message(second.Length));
    }

    [Fact]
    public void Frame_GivenAShorterBufferThanBefore_StartsOver()
    {
        var framer = new SipStreamFramer(65_535);
        var bytes = Encoding.UTF8.GetBytes(Head + "Content-Length: 0\r\n");
        framer.Frame(bytes).Kind.ShouldBe(SipFrameKind.NeedMore);

        var other = Encoding.UTF8.GetBytes("SIP/2.0 200 OK\r\nl:0\r\n\r\n");
        framer.Frame(other).ShouldBe(SipFrame.Message(other.Length));
    }
}
