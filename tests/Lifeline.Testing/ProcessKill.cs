using System.Diagnostics;

namespace Lifeline.Testing;

/// <summary>Ending a peer process the tests started, whatever state it is in.</summary>
public static class ProcessKill
{
    /// <summary>Kills the process and its children at once (as a crash would) and waits briefly for it to be gone.</summary>
    public static void KillTree(this Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
