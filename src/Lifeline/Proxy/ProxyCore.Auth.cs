using System.Globalization;
using System.Text;
using Lifeline.Sip.Auth;
using Lifeline.Sip.Messages;

namespace Lifeline.Proxy;

internal sealed partial class ProxyCore
{
    /// <summary>
    /// A 401/407 from a carrier whose trunk has credentials: the INVITE goes again with Authorization or
    /// Proxy-Authorization, CSeq + 1 and a new branch, in the same trunk slot. The responses the dialer gets carry its
    /// own CSeq again, and the Record-Route says <c>lcs=1</c> so the dialer's in-dialog requests are numbered to match
    /// without the proxy remembering the call. False (a carrier failure) without credentials, after a second challenge,
    /// or when the challenge cannot be answered.
    /// </summary>
    public bool TryAuthenticate(ProxyCall call, ProxyAttempt attempt, SipMessage challenge)
    {
        var auth = attempt.Route.Trunk.Config.Auth;
        if (auth is null || attempt.Authorized || attempt.Sent is null)
        {
            return false;
        }

        var proxy = challenge.StatusCode == 407;
        var parsed = DigestChallenge.Parse(challenge.GetHeaderValue(proxy ? DigestHeaderNames.ProxyAuthenticate : DigestHeaderNames.WwwAuthenticate));
        if (!parsed.IsSuccess || (auth.Realm is { } realm && !string.Equals(parsed.Challenge!.Realm, realm, StringComparison.Ordinal)))
        {
            return false;
        }

        var client = new DigestClient(new DigestCredentials(auth.Username, auth.Password.Reveal()));
        var answer = client.Respond(parsed.Challenge!, "INVITE", attempt.Sent.RequestUri.ToString());
        if (!answer.IsSuccess || !call.Request.TryGetCSeq(out var cseq))
        {
            return false;
        }

        var header = Encoding.UTF8.GetBytes((proxy ? DigestHeaderNames.ProxyAuthorization : DigestHeaderNames.Authorization) + ": " + answer.HeaderValue + "\r\n");
        var renumbered = Encoding.ASCII.GetBytes((cseq.Sequence + 1).ToString(CultureInfo.InvariantCulture) + " INVITE");
        var replacement = new ProxyAttempt(call, attempt.Route, attempt.Gateway, attempt.Counters, attempt.Started, authorized: true);

        // The slot passes to the resend: the challenged attempt ends without giving it back or being counted.
        attempt.TryFinish();
        if (!call.Replace(attempt, replacement))
        {
            attempt.Route.Trunk.Load.Release();
            return true;
        }

        call.Send(replacement, BuildInvite(call, replacement, renumbered, header));
        return true;
    }
}
