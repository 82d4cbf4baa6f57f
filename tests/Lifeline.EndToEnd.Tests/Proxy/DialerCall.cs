namespace Lifeline.EndToEnd.Tests.Proxy;

/// <summary>
/// One call as the dialer saw it, from its sipp trace: when it sent the INVITE, the INVITE's final response
/// (code, when it arrived) and the BYE's final response code (0 when none came).
/// </summary>
internal sealed record DialerCall(string CallId, DateTimeOffset InviteSent, int InviteCode, DateTimeOffset? InviteFinalAt, int ByeCode)
{
    /// <summary>Post-dial delay: INVITE sent to final response received (null when no final response came).</summary>
    public TimeSpan? Setup => InviteFinalAt - InviteSent;

    public bool Answered => InviteCode == 200;
}
