namespace Lifeline.Sip.Transports;

/// <summary>Starts the transports' long-lived loops without the ambient context of whoever caused them to start.</summary>
internal static class SipBackground
{
    public static Task Run(Func<Task> loop)
    {
        // SuppressFlow is documented to throw when the flow is already suppressed.
        if (ExecutionContext.IsFlowSuppressed())
        {
            return Task.Run(loop);
        }

        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(loop);
        }
    }
}
