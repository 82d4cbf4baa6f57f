namespace Lifeline.Cli.Demo;

/// <summary>
/// One call the simulated dialer placed, as the dialer saw it, joined with the attempts the proxy's call record
/// lists for it.
/// </summary>
/// <param name="CallId">Its Call-ID, which joins the two halves.</param>
/// <param name="PlacedAt">When the INVITE left the dialer, from the demo's start.</param>
/// <param name="Setup">From the INVITE to the final response (post-dial delay).</param>
/// <param name="Code">The final status code the dialer got (0: none at all).</param>
/// <param name="AnsweredBy">The gateway that answered (the user part of its Contact), or null.</param>
/// <param name="Tried">The proxy's attempts, in order; empty when the proxy kept no record of it.</param>
internal sealed record DemoCall(string CallId, TimeSpan PlacedAt, TimeSpan Setup, int Code, string? AnsweredBy, IReadOnlyList<DemoAttempt> Tried)
{
    public bool Answered => Code is >= 200 and < 300;

    /// <summary>The proxy tried more than one trunk: the first ones failed and it moved on.</summary>
    public bool FailedOver => Tried.Count > 1;

    /// <summary>Whether any attempt of this call went to <paramref name="trunk"/>.</summary>
    public bool Tries(string trunk)
    {
        foreach (var attempt in Tried)
        {
            if (attempt.Trunk == trunk)
            {
                return true;
            }
        }

        return false;
    }
}
