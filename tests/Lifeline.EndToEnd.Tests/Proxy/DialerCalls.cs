using Lifeline.Testing;

namespace Lifeline.EndToEnd.Tests.Proxy;

/// <summary>The calls of a dialer's sipp trace, one <see cref="DialerCall"/> each, in the order they were placed.</summary>
internal static class DialerCalls
{
    public static List<DialerCall> From(SippTrace trace)
    {
        var invites = trace.FirstRequests("INVITE");
        var inviteFinals = trace.FinalResponses("INVITE");
        var byeFinals = trace.FinalResponses("BYE");
        var calls = new List<DialerCall>(invites.Count);
        foreach (var (callId, invite) in invites)
        {
            inviteFinals.TryGetValue(callId, out var final);
            byeFinals.TryGetValue(callId, out var bye);
            calls.Add(new DialerCall(callId, invite.At, final?.StatusCode ?? 0, final?.At, bye?.StatusCode ?? 0));
        }

        calls.Sort((a, b) => a.InviteSent.CompareTo(b.InviteSent));
        return calls;
    }
}
