using Lifeline.Sip.Dns;
using static Lifeline.Sip.Tests.Dns.DnsBytes;

namespace Lifeline.Sip.Tests.Dns;

public sealed class DnsQueryWriterTests
{
    [Fact]
    public void TryWrite_SrvQuestion_IsOneQuestionWithRecursionDesiredAndNoEdns()
    {
        var buffer = new byte[DnsQueryWriter.MaxQueryLength];

        DnsQueryWriter.TryWrite(buffer, 0xBEEF, "_sip._udp.example.test", DnsRecordType.Srv, out var length).ShouldBeTrue();

        buffer.AsSpan(0, length).ToArray().ShouldBe(Concat(
            Header(id: 0xBEEF, flags: 0x0100), Question("_sip._udp.example.test", 33)));
    }

    [Fact]
    public void TryWrite_ThenRead_GivesTheSameQuestion()
    {
        var buffer = new byte[DnsQueryWriter.MaxQueryLength];
        DnsQueryWriter.TryWrite(buffer, 7, "a-b.c_d.test", DnsRecordType.Naptr, out var length).ShouldBeTrue();

        DnsMessageReader.TryReadQuestion(buffer.AsSpan(0, length), out var id, out _, out var name, out var type, out var @class).ShouldBeTrue();

        (id, name, type, @class).ShouldBe(((ushort)7, "a-b.c_d.test", (ushort)35, (ushort)1));
    }

    [Theory]
    [InlineData("pbx.test", true, "pbx.test")]
    [InlineData("pbx.test.", true, "pbx.test")]
    [InlineData(".", false, "")]
    [InlineData("a..b", false, "")]
    [InlineData(".a", false, "")]
    [InlineData("a\\.b", false, "")]
    [InlineData("tab\there", false, "")]
    public void TryNormalize_Names_AcceptsOnlyWellFormed(string name, bool ok, string expected)
    {
        DnsName.TryNormalize(name, out var normalized).ShouldBe(ok);
        normalized.ShouldBe(expected);
    }

    [Fact]
    public void TryNormalize_LongestName_FitsAndOneMoreByteDoesNot()
    {
        // 253 characters is the longest name: 255 wire bytes with the first length byte and the root.
        var longest = string.Join('.', new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 61));
        longest.Length.ShouldBe(253);

        DnsName.TryNormalize(longest, out _).ShouldBeTrue();
        DnsName.TryNormalize(longest + "e", out _).ShouldBeFalse();
        DnsQueryWriter.TryWrite(new byte[DnsQueryWriter.MaxQueryLength], 1, longest, DnsRecordType.A, out var length).ShouldBeTrue();
        length.ShouldBe(DnsQueryWriter.MaxQueryLength);
    }
}
