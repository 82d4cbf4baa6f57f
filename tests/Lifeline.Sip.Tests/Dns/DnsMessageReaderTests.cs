using System.Net;
using Lifeline.Sip.Dns;
using static Lifeline.Sip.Tests.Dns.DnsBytes;

namespace Lifeline.Sip.Tests.Dns;

public sealed class DnsMessageReaderTests
{
    // dnsmasq's answer to "_sip._tcp.onlysrv.test SRV": the additional A record's owner is compressed.
    private static readonly byte[] RealSrvAnswer = Convert.FromHexString(
        "123485800001000100000001045f736970045f746370076f6e6c7973727604746573740000210001c00c0021000100000000000f" +
        "0001000013d8027431047465737400c03a000100010000000000040a020001");

    private static readonly IPEndPoint Server = new(IPAddress.Loopback, 53);

    private const ushort A = 1;
    private const ushort Cname = 5;
    private const ushort Soa = 6;
    private const ushort Txt = 16;
    private const ushort Srv = 33;
    private const ushort Naptr = 35;

    [Fact]
    public void Parse_RealSrvAnswerWithCompressedNames_ReadsEverySection()
    {
        var result = DnsMessageReader.Parse(RealSrvAnswer);

        result.Error.ShouldBeNull();
        var message = result.Message!;
        message.Id.ShouldBe((ushort)0x1234);
        message.IsResponse.ShouldBeTrue();
        message.IsTruncated.ShouldBeFalse();
        message.QuestionName.ShouldBe("_sip._tcp.onlysrv.test");
        message.QuestionType.ShouldBe((ushort)Srv);
        message.Answers.ShouldHaveSingleItem().ShouldBe(new DnsSrvRecord("_sip._tcp.onlysrv.test", 0, 1, 0, 5080, "t1.test"));
        message.Additional.ShouldHaveSingleItem().ShouldBe(new DnsAddressRecord("t1.test", 0, IPAddress.Parse("10.2.0.1")));
    }

    [Fact]
    public void Parse_EveryTruncationOfARealAnswer_ReturnsErrorWithoutThrowing()
    {
        for (var length = 0; length < RealSrvAnswer.Length; length++)
        {
            var result = DnsMessageReader.Parse(RealSrvAnswer.AsSpan(0, length));
            result.IsSuccess.ShouldBeFalse($"a {length}-byte prefix is not a whole message");
            result.Error.ShouldNotBeNullOrEmpty();
        }
    }

    [Fact]
    public void Parse_ShorterThanHeader_ReturnsError()
    {
        DnsMessageReader.Parse([0x12, 0x34, 0x81]).Error.ShouldBe("shorter than a DNS header");
    }

    [Fact]
    public void Parse_NamePointingAtItself_ReturnsErrorInsteadOfLooping()
    {
        var message = Concat(Header(), [1, (byte)'a'], Pointer(12), U16(A), U16(1));

        DnsMessageReader.Parse(message).Error!.ShouldContain("compression pointer");
    }

    [Fact]
    public void Parse_TwoPointersPointingAtEachOther_ReturnsErrorInsteadOfLooping()
    {
        // Question name at 12 jumps to 14, which jumps back to 12.
        var message = Concat(Header(), Pointer(14), Pointer(12), U16(A), U16(1));

        DnsMessageReader.Parse(message).Error!.ShouldContain("compression pointer");
    }

    [Fact]
    public void Parse_RecordNameLoopingThroughEarlierName_ReturnsError()
    {
        // The answer's owner name is "x" + pointer to itself.
        var question = Question("a.test", A);
        var ownerAt = 12 + question.Length;
        var message = Concat(
            Header(an: 1), question, [1, (byte)'x'], Pointer(ownerAt), U16(A), U16(1), U32(60), U16(4), [10, 0, 0, 1]);

        DnsMessageReader.Parse(message).Error!.ShouldContain("compression pointer");
    }

    [Fact]
    public void Parse_PointerPastTheEnd_ReturnsError()
    {
        var message = Concat(Header(an: 1), Question("a.test", A), Pointer(0x3FFF), U16(A), U16(1), U32(60), U16(4), [10, 0, 0, 1]);

        DnsMessageReader.Parse(message).IsSuccess.ShouldBeFalse();
    }

    [Fact]
    public void Parse_LabelLongerThanTheMessage_ReturnsError()
    {
        var message = Concat(Header(), [40, (byte)'a', (byte)'b']);

        DnsMessageReader.Parse(message).Error!.ShouldContain("label runs past the end");
    }

    [Fact]
    public void Parse_NameOver255Bytes_ReturnsError()
    {
        var label = new string('a', 63);
        var message = Concat(Header(), Question($"{label}.{label}.{label}.{label}.test", A));

        DnsMessageReader.Parse(message).Error!.ShouldContain("longer than 255");
    }

    [Fact]
    public void Parse_ExtendedLabelType_ReturnsError()
    {
        var message = Concat(Header(), [0x41, 0, 0], U16(A), U16(1));

        DnsMessageReader.Parse(message).Error!.ShouldContain("unsupported label type");
    }

    [Fact]
    public void Parse_RecordLengthPastTheEnd_ReturnsError()
    {
        var message = Concat(Header(an: 1), Question("a.test", A), Pointer(12), U16(A), U16(1), U32(60), U16(400), [10, 0, 0, 1]);

        DnsMessageReader.Parse(message).Error!.ShouldContain("runs past the end");
    }

    [Fact]
    public void Parse_AddressRecordWithFiveBytes_ReturnsError()
    {
        var message = Concat(Header(an: 1), Question("a.test", A), Record(Pointer(12), A, 60, [10, 0, 0, 1, 9]));

        DnsMessageReader.Parse(message).Error!.ShouldContain("expected 4");
    }

    [Fact]
    public void Parse_MoreAnswersCountedThanPresent_ReturnsError()
    {
        var message = Concat(Header(an: 3), Question("a.test", A), Record(Pointer(12), A, 60, [10, 0, 0, 1]));

        DnsMessageReader.Parse(message).IsSuccess.ShouldBeFalse();
    }

    [Fact]
    public void Parse_SrvWithBytesAfterItsTarget_ReturnsError()
    {
        var data = Concat(U16(10), U16(5), U16(5060), Name("sip.test"), [0xEE]);
        var message = Concat(Header(an: 1), Question("_sip._udp.test", Srv), Record(Pointer(12), Srv, 60, data));

        DnsMessageReader.Parse(message).Error!.ShouldContain("does not match");
    }

    [Fact]
    public void Parse_SrvTargetRunningOutOfItsRecord_ReturnsError()
    {
        // The target's label claims 8 bytes but the record ends after 3 of them (the next bytes belong elsewhere).
        var data = Concat(U16(10), U16(5), U16(5060), [8, (byte)'s', (byte)'i', (byte)'p']);
        var message = Concat(Header(an: 1, ar: 1), Question("_sip._udp.test", Srv), Record(Pointer(12), Srv, 60, data),
            Record(Name("x.test"), A, 60, [10, 0, 0, 1]));

        DnsMessageReader.Parse(message).IsSuccess.ShouldBeFalse();
    }

    [Fact]
    public void Parse_TwoQuestions_IsRejected()
    {
        var message = Concat(Header(qd: 2), Question("a.test", A), Question("b.test", A));

        DnsMessageReader.Parse(message).Error!.ShouldContain("one question");
        DnsMessageReader.TryReadQuestion(message, out _, out _, out _, out _, out _).ShouldBeFalse();
    }

    [Fact]
    public void Parse_NaptrRecord_ReadsEveryField()
    {
        var data = Concat(U16(10), U16(50), CharacterString("S"), CharacterString("SIPS+D2T"), CharacterString(""), Name("_sips._tcp.example.test"));
        var message = Concat(Header(an: 1), Question("example.test", Naptr), Record(Pointer(12), Naptr, 300, data));

        var naptr = DnsMessageReader.Parse(message).Message!.Answers.ShouldHaveSingleItem();

        naptr.ShouldBe(new DnsNaptrRecord("example.test", 300, 10, 50, "S", "SIPS+D2T", string.Empty, "_sips._tcp.example.test"));
    }

    [Fact]
    public void Parse_NaptrCharacterStringPastItsRecord_ReturnsError()
    {
        var data = Concat(U16(10), U16(50), [200, (byte)'s', (byte)'i', (byte)'p', (byte)'!']);
        var message = Concat(Header(an: 1), Question("example.test", Naptr), Record(Pointer(12), Naptr, 300, data));

        DnsMessageReader.Parse(message).Error!.ShouldContain("character-string");
    }

    [Fact]
    public void Parse_RecordTypesNotRead_AreSkipped()
    {
        var message = Concat(
            Header(an: 2),
            Question("a.test", A),
            Record(Pointer(12), Txt, 60, CharacterString("hello")),
            Record(Pointer(12), A, 60, [10, 0, 0, 1]));

        DnsMessageReader.Parse(message).Message!.Answers.ShouldHaveSingleItem().ShouldBeOfType<DnsAddressRecord>();
    }

    [Fact]
    public void Parse_RecordOfAnotherClass_IsSkipped()
    {
        var message = Concat(Header(an: 1), Question("a.test", A), Record(Pointer(12), A, 60, [10, 0, 0, 1], @class: 3));

        DnsMessageReader.Parse(message).Message!.Answers.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_TtlWithTopBitSet_IsReadAsZero()
    {
        var message = Concat(Header(an: 1), Question("a.test", A), Record(Pointer(12), A, 0x80000010, [10, 0, 0, 1]));

        DnsMessageReader.Parse(message).Message!.Answers.ShouldHaveSingleItem().Ttl.ShouldBe(0u);
    }

    [Fact]
    public void Parse_LabelContainingADot_IsEscapedSoItCannotPassForAnotherName()
    {
        byte[] name = [3, (byte)'a', (byte)'.', (byte)'b', 4, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 0];
        var message = Concat(Header(), name, U16(A), U16(1));

        DnsMessageReader.Parse(message).Message!.QuestionName.ShouldBe(@"a\046b.test");
    }

    [Fact]
    public void Interpret_NameErrorWithSoa_NegativeTtlIsTheSoaMinimum()
    {
        var soa = Concat(Name("ns.test"), Name("hostmaster.test"), U32(1), U32(3600), U32(600), U32(86400), U32(60));
        var message = Concat(Header(flags: 0x8183, ns: 1), Question("nowhere.test", A), Record(Name("test"), Soa, 300, soa));

        var result = DnsClient.Interpret(message, Server, "nowhere.test", DnsRecordType.A);

        result.Status.ShouldBe(DnsQueryStatus.NameError);
        result.NegativeTtl.ShouldBe(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void Interpret_NoDataWithSoaShorterTtl_NegativeTtlIsTheSoaTtl()
    {
        var soa = Concat(Name("ns.test"), Name("hostmaster.test"), U32(1), U32(3600), U32(600), U32(86400), U32(900));
        var message = Concat(Header(ns: 1), Question("a.test", A), Record(Name("test"), Soa, 120, soa));

        var result = DnsClient.Interpret(message, Server, "a.test", DnsRecordType.A);

        result.Status.ShouldBe(DnsQueryStatus.NoData);
        result.NegativeTtl.ShouldBe(TimeSpan.FromSeconds(120));
    }

    [Fact]
    public void Interpret_CnameLoop_ReturnsNoDataWithoutHanging()
    {
        var message = Concat(
            Header(an: 2),
            Question("a.test", A),
            Record(Name("a.test"), Cname, 60, Name("b.test")),
            Record(Name("b.test"), Cname, 60, Name("a.test")));

        DnsClient.Interpret(message, Server, "a.test", DnsRecordType.A).Status.ShouldBe(DnsQueryStatus.NoData);
    }

    [Fact]
    public void Interpret_RecordsForAnotherName_AreNotTakenAsTheAnswer()
    {
        var message = Concat(Header(an: 1), Question("a.test", A), Record(Name("other.test"), A, 60, [10, 0, 0, 1]));

        DnsClient.Interpret(message, Server, "a.test", DnsRecordType.A).Status.ShouldBe(DnsQueryStatus.NoData);
    }

    [Fact]
    public void Interpret_ServerFailure_ReturnsServerFailureWithCode()
    {
        var message = Concat(Header(flags: 0x8182), Question("a.test", A));

        var result = DnsClient.Interpret(message, Server, "a.test", DnsRecordType.A);

        result.Status.ShouldBe(DnsQueryStatus.ServerFailure);
        result.ResponseCode.ShouldBe(DnsResponseCode.ServerFailure);
    }

    [Fact]
    public void Interpret_UnreadableAnswer_ReturnsMalformed()
    {
        var message = Concat(Header(an: 1), Question("a.test", A), [0xC0]);

        DnsClient.Interpret(message, Server, "a.test", DnsRecordType.A).Status.ShouldBe(DnsQueryStatus.Malformed);
    }
}
