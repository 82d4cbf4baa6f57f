using FsCheck;
using FsCheck.Fluent;
using Lifeline.Sip.Auth;

namespace Lifeline.Sip.Tests.Auth;

public sealed class DigestChallengeParserTests
{
    [Fact]
    public void Parse_Rfc2617Example_ReadsEveryParameter()
    {
        const string value = """
            Digest
                realm="testrealm@host.com",
                qop="auth,auth-int",
                nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",
                opaque="5ccc069c403ebaf9f0171e9517f40e41"
            """;

        var result = DigestChallenge.Parse(value);

        result.Error.ShouldBe(DigestChallengeError.None, result.Detail);
        var challenge = result.Challenge!;
        challenge.Realm.ShouldBe("testrealm@host.com");
        challenge.Nonce.ShouldBe("dcd98b7102dd2f0e8b11d0f600bfb0c093");
        challenge.Opaque.ShouldBe("5ccc069c403ebaf9f0171e9517f40e41");
        challenge.QopOptions.ShouldBe(["auth", "auth-int"]);
        challenge.Algorithm.ShouldBe(DigestAlgorithm.Md5);
        challenge.AlgorithmSpecified.ShouldBeFalse();
        challenge.Stale.ShouldBeFalse();
    }

    [Theory]
    [InlineData("MD5", DigestAlgorithm.Md5)]
    [InlineData("md5-SESS", DigestAlgorithm.Md5Sess)]
    [InlineData("SHA-256", DigestAlgorithm.Sha256)]
    [InlineData("SHA-256-sess", DigestAlgorithm.Sha256Sess)]
    [InlineData("\"SHA-256\"", DigestAlgorithm.Sha256)]
    public void Parse_Algorithms_AreRecognisedInAnyCase(string token, DigestAlgorithm expected)
    {
        var result = DigestChallenge.Parse($"Digest realm=\"r\", nonce=\"n\", algorithm={token}");

        result.Challenge!.Algorithm.ShouldBe(expected);
        result.Challenge.AlgorithmSpecified.ShouldBeTrue();
    }

    [Fact]
    public void Parse_SipStyleWithUnquotedValuesAndOddSpacing_IsRead()
    {
        var result = DigestChallenge.Parse("digest  REALM = \"asterisk\" ,NONCE=\"1b2c/3d+4e==\",,  qop=auth , algorithm=MD5,stale=TRUE");

        var challenge = result.Challenge.ShouldNotBeNull(result.Detail);
        challenge.Realm.ShouldBe("asterisk");
        challenge.Nonce.ShouldBe("1b2c/3d+4e==");
        challenge.QopOptions.ShouldBe(["auth"]);
        challenge.Stale.ShouldBeTrue();
    }

    [Fact]
    public void Parse_UnquotedBase64Nonce_IsKeptWhole()
    {
        DigestChallenge.Parse("Digest realm=\"r\", nonce=ab/cd+ef==, opaque=x").Challenge!.Nonce.ShouldBe("ab/cd+ef==");
    }

    [Fact]
    public void Parse_EscapedQuoteInQuotedString_IsUnescaped()
    {
        DigestChallenge.Parse("Digest realm=\"say \\\"hi\\\" \\\\ there\", nonce=\"n\"").Challenge!.Realm.ShouldBe("say \"hi\" \\ there");
    }

    [Theory]
    [InlineData("stale=true", true)]
    [InlineData("stale=\"TRUE\"", true)]
    [InlineData("stale=false", false)]
    [InlineData("stale=yes", false)]
    public void Parse_Stale_TrueOnlyForTrue(string parameter, bool expected)
    {
        DigestChallenge.Parse($"Digest realm=\"r\", nonce=\"n\", {parameter}").Challenge!.Stale.ShouldBe(expected);
    }

    [Theory]
    [InlineData(null, DigestChallengeError.Empty)]
    [InlineData("", DigestChallengeError.Empty)]
    [InlineData("   ", DigestChallengeError.Empty)]
    [InlineData("Basic realm=\"WallyWorld\"", DigestChallengeError.NotDigest)]
    [InlineData("Bearer", DigestChallengeError.NotDigest)]
    [InlineData("Digest", DigestChallengeError.MissingRealm)]
    [InlineData("Digest realm=\"r\"", DigestChallengeError.MissingNonce)]
    [InlineData("Digest nonce=\"n\"", DigestChallengeError.MissingRealm)]
    [InlineData("Digest realm=\"r\", nonce=\"n", DigestChallengeError.Syntax)]
    [InlineData("Digest realm=\"r\", nonce=\"n\\", DigestChallengeError.Syntax)]
    [InlineData("Digest realm=\"r\" nonce=\"n\"", DigestChallengeError.Syntax)]
    [InlineData("Digest realm", DigestChallengeError.Syntax)]
    [InlineData("Digest realm=", DigestChallengeError.Syntax)]
    [InlineData("Digest =\"r\"", DigestChallengeError.Syntax)]
    [InlineData("Digest realm=\"r\", nonce=a\"b", DigestChallengeError.Syntax)]
    [InlineData("Digest realm=\"a\u0001b\", nonce=\"n\"", DigestChallengeError.Syntax)]
    [InlineData("Digestrealm=\"r\"", DigestChallengeError.NotDigest)]
    [InlineData("\"Digest\" realm=\"r\"", DigestChallengeError.Syntax)]
    [InlineData("Digest realm=\"r\", realm=\"s\", nonce=\"n\"", DigestChallengeError.DuplicateParameter)]
    [InlineData("Digest realm=\"r\", NONCE=\"n\", nonce=\"m\"", DigestChallengeError.DuplicateParameter)]
    [InlineData("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256", DigestChallengeError.UnsupportedAlgorithm)]
    [InlineData("Digest realm=\"r\", nonce=\"n\", algorithm=AKAv1-MD5", DigestChallengeError.UnsupportedAlgorithm)]
    [InlineData("Digest realm=\"r\", nonce=\"n\", qop=\"token-only\"", DigestChallengeError.UnsupportedQop)]
    public void Parse_BadValue_ReturnsTypedError(string? value, DigestChallengeError expected)
    {
        var result = DigestChallenge.Parse(value);

        result.IsSuccess.ShouldBeFalse();
        result.Error.ShouldBe(expected, result.Detail);
        result.Detail.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Parse_QopWithUnknownOptionBesideAuth_KeepsAll()
    {
        DigestChallenge.Parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf, auth\"").Challenge!.QopOptions.ShouldBe(["auth-conf", "auth"]);
    }

    [Fact]
    public void Parse_RandomText_NeverThrows()
    {
        var pieces = Gen.Elements("Digest", " ", ",", "=", "\"", "\\", "realm", "nonce", "qop", "auth", "\t", "\r\n", "x", "é", "\u0000", "algorithm", "MD5");
        var values = Gen.ListOf(pieces).Select(parts => string.Concat(parts));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(values.ToArbitrary(), value =>
        {
            var result = DigestChallenge.Parse(value);
            if (result.IsSuccess)
            {
                result.Challenge!.Nonce.ShouldNotBeEmpty();
            }
            else
            {
                result.Detail.ShouldNotBeNullOrEmpty();
            }

            return true;
        }));
    }

    [Fact]
    public void Parse_MutatedRealChallenges_NeverThrow()
    {
        const string real = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, " +
            "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
        var edit = Gen.Choose(0, real.Length - 1).SelectMany(at => Gen.Elements('"', '\\', ',', '=', ' ', '\0', 'x').Select(c => (at, c)));
        var mutations = Gen.ListOf(edit);
        var read = 0;
        var refused = 0;

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(mutations.ToArbitrary(), list =>
        {
            var chars = real.ToCharArray();
            foreach (var (at, c) in list)
            {
                chars[at] = c;
            }

            var result = DigestChallenge.Parse(new string(chars));
            _ = result.IsSuccess ? read++ : refused++;
            return true;
        }));

        // Both outcomes happen, so the property reached past the first error check.
        read.ShouldBeGreaterThan(0);
        refused.ShouldBeGreaterThan(0);
    }
}
