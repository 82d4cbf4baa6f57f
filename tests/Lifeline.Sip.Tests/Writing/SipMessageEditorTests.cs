using System.Text;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Writing;

using Lifeline.Sip.Tests.Messages;

namespace Lifeline.Sip.Tests.Writing;

public sealed class SipMessageEditorTests
{
    // Odd but legal bytes a proxy must forward untouched: folding, spacing, compact forms,
    // an unknown header, header order and a body.
    private const string Request =
        "INVITE sip:+15551234567@proxy.example.com SIP/2.0\r\n" +
        "v:  SIP/2.0/UDP 10.0.0.1:5060 ;branch=z9hG4bKa1\r\n" +
        "Max-Forwards:   07\r\n" +
        "Route: <sip:proxy.example.com;lr>,\r\n <sip:core.example.com;lr>\r\n" +
        "X-Odd :  keep   me ,exactly\r\n" +
        "f: <sip:agent@dialer.example.com>;tag=1\r\n" +
        "t: <sip:+15551234567@proxy.example.com>\r\n" +
        "i: call-1@dialer\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Content-Length: 4\r\n" +
        "\r\n" +
        "body";

    private static SipMessage Parse(string text) => SipParser.Default.ParseDatagram(Encoding.ASCII.GetBytes(text)).Message!;

    private static (SipEditResult Result, string Output) Apply(string text, SipMessageEdits edits)
    {
        using var writer = new PooledBufferWriter();
        var result = SipMessageEditor.Apply(Parse(text), edits, writer);
        return (result, Encoding.ASCII.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void Apply_ProxyForwardingEdits_ChangesOnlyWhatItMustAndCopiesTheRestByteForByte()
    {
        var (result, output) = Apply(Request, new SipMessageEdits
        {
            PrependVia = "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKproxy1"u8.ToArray(),
            DecrementMaxForwards = true,
            RecordRoute = "<sip:192.0.2.10;lr>"u8.ToArray(),
            PopTopRoute = true,
            RequestUri = "sip:+15551234567@gw1.carrier.example"u8.ToArray(),
        });

        result.Success.ShouldBeTrue();
        output.ShouldBe(
            "INVITE sip:+15551234567@gw1.carrier.example SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKproxy1\r\n" +
            "v:  SIP/2.0/UDP 10.0.0.1:5060 ;branch=z9hG4bKa1\r\n" +
            "Record-Route: <sip:192.0.2.10;lr>\r\n" +
            "Max-Forwards:   6\r\n" +
            "Route: <sip:core.example.com;lr>\r\n" +
            "X-Odd :  keep   me ,exactly\r\n" +
            "f: <sip:agent@dialer.example.com>;tag=1\r\n" +
            "t: <sip:+15551234567@proxy.example.com>\r\n" +
            "i: call-1@dialer\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Content-Length: 4\r\n" +
            "\r\n" +
            "body");
        result.BytesWritten.ShouldBe(output.Length);
        Parse(output).Validate().IsError.ShouldBeFalse();
    }

    [Fact]
    public void Apply_CSeqAndAppendedHeaders_ResendWithCredentialsChangesOnlyThose()
    {
        var (result, output) = Apply(Request, new SipMessageEdits
        {
            CSeq = "2 INVITE"u8.ToArray(),
            AppendHeaders = "Proxy-Authorization: Digest username=\"a\"\r\n"u8.ToArray(),
        });

        result.Status.ShouldBe(SipEditStatus.Applied);
        output.ShouldBe(Request
            .Replace("CSeq: 1 INVITE\r\n", "CSeq: 2 INVITE\r\n", StringComparison.Ordinal)
            .Replace("Content-Length: 4\r\n\r\n", "Content-Length: 4\r\nProxy-Authorization: Digest username=\"a\"\r\n\r\n", StringComparison.Ordinal));
        Parse(output).TryGetCSeq(out var cseq).ShouldBeTrue();
        cseq.Sequence.ShouldBe(2u);
    }

    [Fact]
    public void Apply_CSeqOnAResponse_GivesItBackItsNumber()
    {
        const string response = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKa1\r\nCSeq:  2 INVITE\r\nContent-Length: 0\r\n\r\n";

        var (result, output) = Apply(response, new SipMessageEdits { CSeq = "1 INVITE"u8.ToArray() });

        result.Status.ShouldBe(SipEditStatus.Applied);
        output.ShouldBe(response.Replace("CSeq:  2 INVITE", "CSeq:  1 INVITE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("X-A: 1")]
    [InlineData("X-A: 1\r\n\r\n")]
    [InlineData(" X-A: 1\r\n")]
    [InlineData("no colon\r\n")]
    [InlineData("X-A: 1\nX-B: 2\r\n")]
    public void Apply_AppendedHeadersThatAreNotWholeLines_AreRefused(string lines)
    {
        var (result, output) = Apply(Request, new SipMessageEdits { AppendHeaders = Encoding.ASCII.GetBytes(lines) });

        result.Status.ShouldBe(SipEditStatus.InvalidValue);
        output.ShouldBeEmpty();
    }

    [Fact]
    public void Apply_NoEdits_ReproducesTheMessageExactly()
    {
        var (result, output) = Apply(Request, default);
        result.Success.ShouldBeTrue();
        output.ShouldBe(Request);
    }

    [Fact]
    public void Apply_MaxForwardsAbsent_Adds70AfterTheVias()
    {
        var text = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCall-ID: x\r\n\r\n";
        var (result, output) = Apply(text, new SipMessageEdits { DecrementMaxForwards = true });
        result.Success.ShouldBeTrue();
        output.ShouldBe("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nMax-Forwards: 70\r\nCall-ID: x\r\n\r\n");
    }

    [Fact]
    public void Apply_MaxForwardsAbsentWithAConfiguredValue_AddsThatValue()
    {
        var (result, output) = Apply(Request.Replace("Max-Forwards:   07\r\n", string.Empty, StringComparison.Ordinal), new SipMessageEdits { DecrementMaxForwards = true, MaxForwardsWhenAbsent = 20 });

        result.Status.ShouldBe(SipEditStatus.Applied);
        output.ShouldContain("v:  SIP/2.0/UDP 10.0.0.1:5060 ;branch=z9hG4bKa1\r\nMax-Forwards: 20\r\n");
    }

    [Fact]
    public void Apply_MaxForwardsZero_IsNotForwardedSoTheProxyAnswers483()
    {
        var text = "OPTIONS sip:a@b SIP/2.0\r\nMax-Forwards: 0\r\n\r\n";
        using var writer = new PooledBufferWriter();
        var result = SipMessageEditor.Apply(Parse(text), new SipMessageEdits { DecrementMaxForwards = true }, writer);
        result.Status.ShouldBe(SipEditStatus.MaxForwardsExhausted);
        writer.WrittenCount.ShouldBe(0);
    }

    [Fact]
    public void Apply_RecordRouteWhenOneExists_GoesBeforeTheExistingOne()
    {
        var text = "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nRecord-Route: <sip:old;lr>\r\nCall-ID: x\r\n\r\n";
        var (_, output) = Apply(text, new SipMessageEdits { RecordRoute = "<sip:new;lr>"u8.ToArray() });
        output.ShouldBe("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nRecord-Route: <sip:new;lr>\r\nRecord-Route: <sip:old;lr>\r\nCall-ID: x\r\n\r\n");
    }

    [Fact]
    public void Apply_PopRouteOnSingleValuedLine_DropsTheWholeLineOnly()
    {
        var text = "INVITE sip:a@b SIP/2.0\r\nRoute: <sip:one;lr>\r\nRoute: <sip:two;lr>\r\nCall-ID: x\r\n\r\n";
        var (_, output) = Apply(text, new SipMessageEdits { PopTopRoute = true });
        output.ShouldBe("INVITE sip:a@b SIP/2.0\r\nRoute: <sip:two;lr>\r\nCall-ID: x\r\n\r\n");
    }

    [Fact]
    public void Apply_RemoveTopViaOfResponse_RemovesOnlyTheFirstValue()
    {
        var text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP proxy;branch=z9hG4bKp, SIP/2.0/UDP uac;branch=z9hG4bKu\r\nVia: SIP/2.0/UDP far;branch=z9hG4bKf\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n";
        var (result, output) = Apply(text, new SipMessageEdits { RemoveTopVia = true });
        result.Success.ShouldBeTrue();
        output.ShouldBe("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP uac;branch=z9hG4bKu\r\nVia: SIP/2.0/UDP far;branch=z9hG4bKf\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n");
    }

    [Theory]
    [InlineData(SipEditStatus.NotARequest)]
    [InlineData(SipEditStatus.NoVia)]
    [InlineData(SipEditStatus.NoRoute)]
    [InlineData(SipEditStatus.InvalidMaxForwards)]
    [InlineData(SipEditStatus.InvalidValue)]
    public void Apply_ImpossibleEdit_WritesNothingAndSaysWhy(SipEditStatus expected)
    {
        var (text, edits) = expected switch
        {
            SipEditStatus.NotARequest => (SipSamples.Ok, new SipMessageEdits { DecrementMaxForwards = true }),
            SipEditStatus.NoVia => ("OPTIONS sip:a@b SIP/2.0\r\n\r\n", new SipMessageEdits { RemoveTopVia = true }),
            SipEditStatus.NoRoute => ("OPTIONS sip:a@b SIP/2.0\r\n\r\n", new SipMessageEdits { PopTopRoute = true }),
            SipEditStatus.InvalidMaxForwards => ("OPTIONS sip:a@b SIP/2.0\r\nMax-Forwards: lots\r\n\r\n", new SipMessageEdits { DecrementMaxForwards = true }),
            _ => ("OPTIONS sip:a@b SIP/2.0\r\n\r\n", new SipMessageEdits { PrependVia = "a\r\nX: injected"u8.ToArray() }),
        };
        using var writer = new PooledBufferWriter();
        var result = SipMessageEditor.Apply(Parse(text), edits, writer);
        result.Status.ShouldBe(expected);
        writer.WrittenCount.ShouldBe(0);
    }

    [Fact]
    public void Apply_Rfc4475Wsinv_KeepsEveryUntouchedByte()
    {
        // The RFC 4475 short tortuous INVITE through a proxy: apart from the new top Via and
        // the Max-Forwards value, the output is the input byte for byte.
        var input = Parsing.TortureCorpus.Rfc4475("wsinv");
        var m = SipParser.Default.ParseDatagram(input).Message!;
        using var writer = new PooledBufferWriter();
        var via = "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKw"u8.ToArray();
        SipMessageEditor.Apply(m, new SipMessageEdits { PrependVia = via, DecrementMaxForwards = true }, writer).Success.ShouldBeTrue();
        var expected = Encoding.ASCII.GetString(input)
            .Replace("MaX-fOrWaRdS: 0068", "MaX-fOrWaRdS: 67", StringComparison.Ordinal)
            .Replace("Via  : SIP  /   2.0", "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKw\r\nVia  : SIP  /   2.0", StringComparison.Ordinal);
        Encoding.ASCII.GetString(writer.WrittenSpan).ShouldBe(expected);
    }
}
