using System.Security.Cryptography;
using System.Text;
using Lifeline.Health;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;

namespace Lifeline.Tests.Proxy;

public sealed class ProxyAuthenticationTests
{
    private const string Realm = "carrier.example";
    private const string Nonce = "n0nce";

    [Fact]
    public async Task Invite_CarrierChallenges_ProxyAnswersWithTheTrunksCredentialsAndTheDialogKeepsTheDialersNumbering()
    {
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"], trunkYaml: name => name == "primary" ? "auth:\n  username: acme\n  password: s3cret" : string.Empty);
        h["primary"].OnInvite = static (carrier, tx) => ChallengeUnlessValid(carrier, tx, "acme", "s3cret");

        var call = h.Dialer.Invite("15551234567");
        var final = await call.FinalAsync();

        final.StatusCode.ShouldBe(200);
        final.Response!.TryGetCSeq(out var answered).ShouldBeTrue();
        answered.Sequence.ShouldBe(1u);
        var invites = h["primary"].Received(SipMethodKind.Invite).ToList();
        invites.Count.ShouldBe(2);
        invites[1].TryGetCSeq(out var resent).ShouldBeTrue();
        resent.Sequence.ShouldBe(2u);
        invites[1].TopViaBranch.ToString().ShouldNotBe(invites[0].TopViaBranch.ToString());
        h["backup"].Invites.ShouldBe(0);
        h.Signals.For(h.TargetOf("primary")).Single().Outcome.ShouldBe(SignalOutcome.Success);

        await call.AckAsync(final.Response);
        await ProxyHarness.EventuallyAsync(() => !h["primary"].Acks.IsEmpty, "the ACK reaches the primary");
        h["primary"].Acks.Single().TryGetCSeq(out var ack).ShouldBeTrue();
        ack.Sequence.ShouldBe(2u);

        var bye = await call.ByeAsync(final.Response);
        bye.StatusCode.ShouldBe(200);
        bye.Response!.TryGetCSeq(out var byeAnswer).ShouldBeTrue();
        byeAnswer.Sequence.ShouldBe(2u);
        h["primary"].Received(SipMethodKind.Bye).Single().TryGetCSeq(out var byeSent).ShouldBeTrue();
        byeSent.Sequence.ShouldBe(3u);
        h.Trunks["primary"].Load.Active.ShouldBe(0);
    }

    [Fact]
    public async Task Invite_ChallengedAgainWithWrongCredentials_IsACarrierFailureAndTheBackupTakesTheCall()
    {
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"], trunkYaml: name => name == "primary" ? "auth:\n  username: acme\n  password: wrong" : string.Empty);
        h["primary"].OnInvite = static (carrier, tx) => ChallengeUnlessValid(carrier, tx, "acme", "s3cret");

        var final = await h.Dialer.Invite("15551234567").FinalAsync();

        final.StatusCode.ShouldBe(200);
        h["primary"].Invites.ShouldBe(2);
        h["backup"].Invites.ShouldBe(1);
        var signal = h.Signals.For(h.TargetOf("primary")).Single();
        signal.Outcome.ShouldBe(SignalOutcome.Failed);
        signal.Code.ShouldBe(407);
        h.Trunks["primary"].Load.Active.ShouldBe(0);
    }

    [Fact]
    public async Task Invite_ChallengeOnATrunkWithoutCredentials_IsACarrierFailure()
    {
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"]);
        h["primary"].OnInvite = static (carrier, tx) => ChallengeUnlessValid(carrier, tx, "acme", "s3cret");

        var final = await h.Dialer.Invite("15551234567").FinalAsync();

        final.StatusCode.ShouldBe(200);
        h["primary"].Invites.ShouldBe(1);
        h["backup"].Invites.ShouldBe(1);
        h.Signals.For(h.TargetOf("primary")).Single().Code.ShouldBe(407);
    }

    /// <summary>A carrier that checks RFC 2617 digest (MD5, qop=auth) on Proxy-Authorization, answering 407 otherwise.</summary>
    private static void ChallengeUnlessValid(CarrierPeer carrier, SipServerTransaction transaction, string user, string password)
    {
        var request = transaction.Request;
        if (request.TryGetCredentials(out var credentials, proxy: true) && credentials.Username == user)
        {
            var ha1 = Md5($"{user}:{Realm}:{password}");
            var ha2 = Md5($"INVITE:{credentials.Uri}");
            var expected = Md5($"{ha1}:{credentials.Nonce}:{credentials.NonceCount}:{credentials.CNonce}:{credentials.Qop}:{ha2}");
            if (credentials.Response == expected && credentials.Uri == request.RequestUri.ToString())
            {
                carrier.Answer(transaction, 200);
                return;
            }
        }

        carrier.Answer(transaction, 407, b => b.AddHeader("Proxy-Authenticate", $"Digest realm=\"{Realm}\", nonce=\"{Nonce}\", qop=\"auth\""));
    }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
