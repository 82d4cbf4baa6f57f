using System.Text;
using Lifeline.Sip.Auth;

namespace Lifeline.Sip.Tests.Auth;

public sealed class DigestClientTests
{
    // RFC 2617 section 3.5.
    private const string Rfc2617Challenge =
        "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    // RFC 7616 section 3.9.1, with the algorithm filled in per case.
    private const string Rfc7616Challenge =
        "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm={0}, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

    private const string Rfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    private static DigestChallenge Challenge(string value) => DigestChallenge.Parse(value).Challenge.ShouldNotBeNull();

    private static Dictionary<string, string> Parameters(string header)
    {
        header.ShouldStartWith("Digest ");
        var parameters = new Dictionary<string, string>();
        foreach (var part in header["Digest ".Length..].Split(", "))
        {
            var eq = part.IndexOf('=');
            parameters.Add(part[..eq], part[(eq + 1)..]);
        }

        return parameters;
    }

    [Fact]
    public void Respond_Rfc2617Example_GivesTheRfcResponse()
    {
        var client = new DigestClient(new DigestCredentials("Mufasa", "Circle Of Life"), () => "0a4f113b");

        var result = client.Respond(Challenge(Rfc2617Challenge), "GET", "/dir/index.html");

        result.IsSuccess.ShouldBeTrue(result.Error);
        Parameters(result.HeaderValue!).ShouldBe(new Dictionary<string, string>
        {
            ["username"] = "\"Mufasa\"",
            ["realm"] = "\"testrealm@host.com\"",
            ["nonce"] = "\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"",
            ["uri"] = "\"/dir/index.html\"",
            ["qop"] = "auth",
            ["nc"] = "00000001",
            ["cnonce"] = "\"0a4f113b\"",
            ["response"] = "\"6629fae49393a05397450978507c4ef1\"",
            ["opaque"] = "\"5ccc069c403ebaf9f0171e9517f40e41\"",
        }, ignoreOrder: true);
    }

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Respond_Rfc7616Examples_GiveTheRfcResponses(string algorithm, string expected)
    {
        var client = new DigestClient(new DigestCredentials("Mufasa", "Circle of Life"), () => Rfc7616Cnonce);

        var result = client.Respond(Challenge(string.Format(Rfc7616Challenge, algorithm)), "GET", "/dir/index.html");

        var parameters = Parameters(result.HeaderValue!);
        parameters["response"].ShouldBe($"\"{expected}\"");
        parameters["algorithm"].ShouldBe(algorithm);
        parameters["qop"].ShouldBe("auth");
        parameters["nc"].ShouldBe("00000001");
        parameters["cnonce"].ShouldBe($"\"{Rfc7616Cnonce}\"");
        parameters["opaque"].ShouldBe("\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
    }

    // Expected values computed independently with Python's hashlib from the RFC 7616 inputs.
    [Theory]
    [InlineData("MD5-sess", "e783283f46242139c486a698fec7211d")]
    [InlineData("SHA-256-sess", "2fd51b3a77ad75bad6afad6003e818d767133c46d9e2749e7f5232ae1ea3efd7")]
    public void Respond_SessAlgorithms_BindTheHashToNonceAndCnonce(string algorithm, string expected)
    {
        var client = new DigestClient(new DigestCredentials("Mufasa", "Circle of Life"), () => Rfc7616Cnonce);

        var result = client.Respond(Challenge(string.Format(Rfc7616Challenge, algorithm)), "GET", "/dir/index.html");

        Parameters(result.HeaderValue!)["response"].ShouldBe($"\"{expected}\"");
        Parameters(result.HeaderValue!)["algorithm"].ShouldBe(algorithm);
    }

    [Fact]
    public void Respond_ChallengeWithoutQop_UsesRfc2069FormWithoutCnonceOrCount()
    {
        var client = new DigestClient(new DigestCredentials("Mufasa", "Circle Of Life"), () => "unused");
        var challenge = Challenge("Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"");

        var result = client.Respond(challenge, "GET", "/dir/index.html");

        var parameters = Parameters(result.HeaderValue!);
        parameters["response"].ShouldBe("\"670fd8c2df070c60b045671b8b24ff02\"");
        parameters.Keys.ShouldBe(["username", "realm", "nonce", "uri", "response"], ignoreOrder: true);
        result.NonceCount.ShouldBe(0u);
    }

    [Fact]
    public void Respond_AuthIntOnly_HashesTheBody()
    {
        var client = new DigestClient(new DigestCredentials("Mufasa", "Circle Of Life"), () => "0a4f113b");
        var challenge = Challenge("Digest realm=\"testrealm@host.com\", qop=\"auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"");

        var result = client.Respond(challenge, "INVITE", "sip:bob@biloxi.example.com", Encoding.ASCII.GetBytes("v=0\r\n"));

        var parameters = Parameters(result.HeaderValue!);
        parameters["qop"].ShouldBe("auth-int");
        parameters["response"].ShouldBe("\"48ec2f57aa6f415baa5ee2d8eea76532\"");
    }

    [Fact]
    public void Respond_SameNonceAgain_CountsUp()
    {
        var client = new DigestClient(new DigestCredentials("Mufasa", "Circle Of Life"), () => "0a4f113b");
        var challenge = Challenge(Rfc2617Challenge);

        var first = client.Respond(challenge, "GET", "/dir/index.html");
        var second = client.Respond(challenge, "GET", "/dir/index.html");

        Parameters(first.HeaderValue!)["nc"].ShouldBe("00000001");
        Parameters(second.HeaderValue!)["nc"].ShouldBe("00000002");
        Parameters(second.HeaderValue!)["response"].ShouldBe("\"15b6bb427e3fecd23a43cb702ce447d5\"");
        second.NonceCount.ShouldBe(2u);
    }

    [Fact]
    public void RespondAgain_AfterAChallenge_ReusesTheNonceWithTheNextCount()
    {
        var client = new DigestClient(new DigestCredentials("alice", "secret"), () => "c1");
        client.Respond(Challenge("Digest realm=\"carrier\", nonce=\"n1\", qop=\"auth\""), "REGISTER", "sip:carrier.test");

        var results = Enumerable.Range(0, 3).Select(_ => client.RespondAgain("carrier", "REGISTER", "sip:carrier.test")).ToList();

        results.Select(r => Parameters(r.HeaderValue!)["nc"]).ShouldBe(["00000002", "00000003", "00000004"]);
        results.Select(r => Parameters(r.HeaderValue!)["nonce"]).Distinct().ShouldBe(["\"n1\""]);
        results.Select(r => Parameters(r.HeaderValue!)["response"]).Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public void RespondAgain_RealmNeverChallenged_Fails()
    {
        var client = new DigestClient(new DigestCredentials("alice", "secret"));

        var result = client.RespondAgain("carrier", "REGISTER", "sip:carrier.test");

        result.IsSuccess.ShouldBeFalse();
        result.Error!.ShouldContain("carrier");
    }

    [Fact]
    public void Respond_StaleChallengeWithNewNonce_RestartsCountAtOneWithNewCnonce()
    {
        var cnonces = new Queue<string>(["first-cnonce", "second-cnonce"]);
        var client = new DigestClient(new DigestCredentials("alice", "secret"), cnonces.Dequeue);
        client.Respond(Challenge("Digest realm=\"carrier\", nonce=\"old\", qop=\"auth\""), "REGISTER", "sip:carrier.test");
        client.RespondAgain("carrier", "REGISTER", "sip:carrier.test");

        var stale = Challenge("Digest realm=\"carrier\", nonce=\"new\", qop=\"auth\", stale=true");
        stale.Stale.ShouldBeTrue();
        var result = client.Respond(stale, "REGISTER", "sip:carrier.test");

        var parameters = Parameters(result.HeaderValue!);
        parameters["nonce"].ShouldBe("\"new\"");
        parameters["nc"].ShouldBe("00000001");
        parameters["cnonce"].ShouldBe("\"second-cnonce\"");
        Parameters(client.RespondAgain("carrier", "REGISTER", "sip:carrier.test").HeaderValue!)["nc"].ShouldBe("00000002");
    }

    [Fact]
    public void Respond_TwoRealms_CountSeparately()
    {
        var client = new DigestClient(new DigestCredentials("alice", "secret"), () => "c");
        var proxy = Challenge("Digest realm=\"proxy\", nonce=\"p\", qop=\"auth\"");
        var registrar = Challenge("Digest realm=\"registrar\", nonce=\"r\", qop=\"auth\"");

        client.Respond(proxy, "INVITE", "sip:bob@carrier.test");
        client.Respond(proxy, "INVITE", "sip:bob@carrier.test");
        var first = client.Respond(registrar, "INVITE", "sip:bob@carrier.test");

        Parameters(first.HeaderValue!)["nc"].ShouldBe("00000001");
        Parameters(client.RespondAgain("proxy", "INVITE", "sip:bob@carrier.test").HeaderValue!)["nc"].ShouldBe("00000003");
    }

    [Fact]
    public void Forget_Realm_NoLongerAnswersAgain()
    {
        var client = new DigestClient(new DigestCredentials("alice", "secret"));
        client.Respond(Challenge("Digest realm=\"carrier\", nonce=\"n\""), "REGISTER", "sip:carrier.test");

        client.Forget("carrier");

        client.RespondAgain("carrier", "REGISTER", "sip:carrier.test").IsSuccess.ShouldBeFalse();
    }

    [Fact]
    public void Respond_DefaultCnonce_IsRandomPerNonce()
    {
        var client = new DigestClient(new DigestCredentials("alice", "secret"));

        var a = Parameters(client.Respond(Challenge("Digest realm=\"r\", nonce=\"n1\", qop=auth"), "OPTIONS", "sip:x.test").HeaderValue!)["cnonce"];
        var b = Parameters(client.Respond(Challenge("Digest realm=\"r\", nonce=\"n2\", qop=auth"), "OPTIONS", "sip:x.test").HeaderValue!)["cnonce"];

        a.ShouldNotBe(b);
        a.Length.ShouldBe(34); // 16 bytes in hex, quoted
    }

    [Fact]
    public void Respond_QuotesInUsername_AreEscaped()
    {
        var client = new DigestClient(new DigestCredentials("a\"b\\c", "secret"), () => "c");

        var header = client.Respond(Challenge("Digest realm=\"r\", nonce=\"n\""), "OPTIONS", "sip:x.test").HeaderValue!;

        header.ShouldStartWith("Digest username=\"a\\\"b\\\\c\", ");
    }

    [Fact]
    public void Respond_HandMadeChallengeWithUnknownQopOnly_FailsInsteadOfGuessing()
    {
        var client = new DigestClient(new DigestCredentials("alice", "secret"));
        var challenge = new DigestChallenge { Realm = "r", Nonce = "n", QopOptions = ["auth-conf"] };

        client.Respond(challenge, "OPTIONS", "sip:x.test").IsSuccess.ShouldBeFalse();
    }

    [Fact]
    public void Password_NeverAppearsInTextOrHeaders()
    {
        const string Password = "hunter2-very-secret";
        var credentials = new DigestCredentials("alice", Password);
        var client = new DigestClient(credentials, () => "c");
        var challenge = Challenge("Digest realm=\"r\", nonce=\"n\", qop=auth, algorithm=SHA-256");

        var result = client.Respond(challenge, "REGISTER", "sip:carrier.test");

        credentials.ToString().ShouldNotContain(Password);
        credentials.ToString().ShouldContain("alice");
        client.ToString().ShouldNotContain(Password);
        result.ToString().ShouldNotContain(Password);
        result.HeaderValue!.ShouldNotContain(Password);
        challenge.ToString().ShouldNotContain(Password);
    }

    [Theory]
    [InlineData("WWW-Authenticate", "Authorization")]
    [InlineData("proxy-authenticate", "Proxy-Authorization")]
    [InlineData("Via", null)]
    public void AnswerFor_ChallengeHeader_NamesTheAnswerHeader(string challenge, string? expected)
    {
        DigestHeaderNames.AnswerFor(challenge).ShouldBe(expected);
    }
}
