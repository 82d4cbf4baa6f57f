using Lifeline.Config;
using Lifeline.Routing;

namespace Lifeline.Tests.Routing;

public sealed class NumberNormalizerTests
{
    // The dial plan of docs/configuration.md: a US call center behind a dialer that may prefix 9.
    private static readonly NumberNormalizer UsDialPlan = new(
    [
        new NormalizeRule { Match = "9", Length = 11, Strip = 1, Prepend = "+1" },
        new NormalizeRule { Match = "1", Length = 11, Prepend = "+" },
        new NormalizeRule { Match = string.Empty, Length = 10, Prepend = "+1" },
        new NormalizeRule { Match = "011", Strip = 3, Prepend = "+" },
    ]);

    [Theory]
    [InlineData("95551234567", "15551234567")] // dial prefix 9 + ten digits
    [InlineData("15551234567", "15551234567")] // already E.164 digits
    [InlineData("5551234567", "15551234567")] // ten-digit national number
    [InlineData("011442079460000", "442079460000")] // international prefix
    [InlineData("+442079460000", "442079460000")] // E.164 with +: the + is dropped
    [InlineData("+1-555-123-4567", "15551234567")] // visual separators removed
    [InlineData("(555)123.4567", "15551234567")] // separators count as nothing for length
    [InlineData("15551234567;npdi;rn=15559990000", "15551234567")] // user parameters are not part of the number
    [InlineData("955512345678", "955512345678")] // 12 digits: no rule's length fits, left alone
    public void Normalize_UsDialPlan_GivesE164Digits(string dialed, string expected)
    {
        var number = UsDialPlan.Normalize(dialed);

        number.ShouldBe(new NormalizedNumber(expected, IsNumber: true));
    }

    [Fact]
    public void Normalize_TwoRulesMatch_OnlyTheFirstApplies()
    {
        var normalizer = new NumberNormalizer(
        [
            new NormalizeRule { Match = "91", Strip = 2, Prepend = "44" },
            new NormalizeRule { Match = "9", Strip = 1, Prepend = "1" },
        ]);

        normalizer.Normalize("912079460000").Text.ShouldBe("442079460000");
        normalizer.Normalize("92125551234").Text.ShouldBe("12125551234");
    }

    [Fact]
    public void Normalize_RuleMatchesWithPlus_PlusIsPartOfTheMatch()
    {
        var normalizer = new NumberNormalizer([new NormalizeRule { Match = "+0", Strip = 2, Prepend = "+33" }]);

        normalizer.Normalize("+0612345678").Text.ShouldBe("33612345678");
    }

    [Fact]
    public void Normalize_NumberAlreadyNormalized_ReturnsTheSameString()
    {
        const string Dialed = "15551234567";

        UsDialPlan.Normalize(Dialed).Text.ShouldBeSameAs(Dialed);
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("alice;user=x", "alice")]
    [InlineData("*611", "*611")]
    [InlineData("#31#5551234567", "#31#5551234567")]
    [InlineData("555+1234", "555+1234")]
    public void Normalize_NotANumber_KeptAsItIsAndNotPriced(string dialed, string expected)
    {
        var number = UsDialPlan.Normalize(dialed);

        number.ShouldBe(new NormalizedNumber(expected, IsNumber: false));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(";npdi")]
    public void Normalize_Empty_GivesNothing(string dialed)
    {
        UsDialPlan.Normalize(dialed).ShouldBe(new NormalizedNumber(string.Empty, IsNumber: false));
    }

    [Fact]
    public void Normalize_StripLongerThanNumber_LeavesThePrependOnly()
    {
        var normalizer = new NumberNormalizer([new NormalizeRule { Match = "9", Strip = 5, Prepend = "1" }]);

        normalizer.Normalize("912").ShouldBe(new NormalizedNumber("1", IsNumber: true));
    }

    [Fact]
    public void Normalize_LongNumberBeyondTheStackBuffer_Works()
    {
        var normalizer = new NumberNormalizer([new NormalizeRule { Match = "9", Strip = 1, Prepend = "+44" }]);
        var dialed = "9" + new string('7', 300);

        normalizer.Normalize(dialed).Text.ShouldBe("44" + new string('7', 300));
    }
}
