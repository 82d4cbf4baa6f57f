using Lifeline.Sip.Locating;

namespace Lifeline.Sip.Tests.Locating;

public sealed class SipNumericHostTests
{
    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("255.255.255.255", "255.255.255.255")]
    [InlineData("[2001:db8::1]", "2001:db8::1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("[::ffff:192.0.2.1]", "::ffff:192.0.2.1")]
    public void TryParse_NumericHost_IsAnAddress(string host, string expected)
    {
        SipNumericHost.TryParse(host, out var address, out var malformed).ShouldBeTrue();

        address.ToString().ShouldBe(expected);
        malformed.ShouldBeFalse();
    }

    [Theory]
    [InlineData("carrier.test")]
    [InlineData("10")]
    [InlineData("1.2")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.4.example")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("1..2.3")]
    public void TryParse_DomainOrLooseNumber_IsNotAnAddress(string host)
    {
        SipNumericHost.TryParse(host, out _, out var malformed).ShouldBeFalse();

        malformed.ShouldBeFalse();
    }

    [Theory]
    [InlineData("[carrier.test]")]
    [InlineData("[192.0.2.1]")]
    [InlineData("2001:db8::zz")]
    [InlineData("carrier.test:5060")]
    public void TryParse_BracketsOrColonsWithoutIPv6_IsMalformed(string host)
    {
        SipNumericHost.TryParse(host, out _, out var malformed).ShouldBeFalse();

        malformed.ShouldBeTrue();
    }
}
