using System.Net;
using Lifeline.Sip.Transports;

namespace Lifeline.Sip.Tests.Transports;

public class ViaReceivedRuleTests
{
    private static readonly IPEndPoint Source = new(IPAddress.Parse("192.0.2.7"), 34567);

    [Fact]
    public void Compute_SentByIsTheSourceAddress_AddsNothing()
    {
        var result = ViaReceivedRule.Compute("192.0.2.7", 5080, hasRport: false, Source);

        result.AddReceived.ShouldBeFalse();
        result.Received.ShouldBeNull();
        result.Rport.ShouldBeNull();
        result.ResponsePort.ShouldBe(5080);
    }

    [Fact]
    public void Compute_SentByWithoutPort_RespondsToPort5060()
    {
        ViaReceivedRule.Compute("192.0.2.7", null, hasRport: false, Source).ResponsePort.ShouldBe(5060);
    }

    [Fact]
    public void Compute_SentByIsAnotherAddress_AddsReceivedWithTheSource()
    {
        var result = ViaReceivedRule.Compute("10.0.0.5", 5060, hasRport: false, Source);

        result.Received.ShouldBe(IPAddress.Parse("192.0.2.7"));
        result.Rport.ShouldBeNull();
        result.ResponsePort.ShouldBe(5060);
    }

    [Theory]
    [InlineData("pc33.atlanta.example.com")]
    [InlineData("localhost")]
    [InlineData("192.0.2.7.example.com")]
    [InlineData("10")]
    [InlineData("")]
    public void Compute_SentByIsANameOrNotAnAddress_AddsReceived(string host)
    {
        ViaReceivedRule.Compute(host, null, hasRport: false, Source).Received.ShouldBe(Source.Address);
    }

    [Fact]
    public void Compute_WithRport_SetsRportAndAddsReceivedEvenWhenTheAddressMatches()
    {
        var result = ViaReceivedRule.Compute("192.0.2.7", 5060, hasRport: true, Source);

        result.Received.ShouldBe(Source.Address);
        result.Rport.ShouldBe(34567);
        result.ResponsePort.ShouldBe(34567);
    }

    [Theory]
    [InlineData("[2001:db8::9]")]
    [InlineData("2001:db8::9")]
    [InlineData("2001:DB8:0:0:0:0:0:9")]
    [InlineData("[2001:0db8::0009]")]
    public void Compute_IPv6SentByMatchingTheSourceInAnyNotation_AddsNothing(string host)
    {
        var source = new IPEndPoint(IPAddress.Parse("2001:db8::9"), 5060);

        ViaReceivedRule.Compute(host, 5060, hasRport: false, source).AddReceived.ShouldBeFalse();
    }

    [Fact]
    public void Compute_IPv6Source_ReceivedIsWrittenWithoutBrackets()
    {
        var source = new IPEndPoint(IPAddress.Parse("2001:db8::9"), 5070);

        var result = ViaReceivedRule.Compute("[2001:db8::1]", 5060, hasRport: true, source);

        result.Received.ShouldNotBeNull().ToString().ShouldBe("2001:db8::9");
        result.Rport.ShouldBe(5070);
    }

    [Fact]
    public void Compute_IPv4MappedSourceOnADualStackSocket_ComparesAsIPv4()
    {
        var source = new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.7"), 5060);

        ViaReceivedRule.Compute("192.0.2.7", 5060, hasRport: false, source).AddReceived.ShouldBeFalse();
        ViaReceivedRule.Compute("192.0.2.8", 5060, hasRport: false, source).Received.ShouldNotBeNull().ToString().ShouldBe("192.0.2.7");
    }

    [Fact]
    public void Compute_IPv4SentByAgainstAnIPv6Source_AddsReceived()
    {
        var source = new IPEndPoint(IPAddress.Parse("2001:db8::9"), 5060);

        ViaReceivedRule.Compute("192.0.2.7", 5060, hasRport: false, source).Received.ShouldBe(source.Address);
    }

    [Fact]
    public void Compute_LinkLocalSource_ReceivedCarriesNoZone()
    {
        var source = new IPEndPoint(IPAddress.Parse("fe80::1%2"), 5060);

        ViaReceivedRule.Compute("fe80::2", 5060, hasRport: false, source).Received.ShouldNotBeNull().ToString().ShouldBe("fe80::1");
    }
}
