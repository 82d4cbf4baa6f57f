namespace Lifeline.Testing;

/// <summary>
/// Finds a program that a test runs as a real peer. A missing program fails the test loudly,
/// naming the Debian package to install: a test never passes by skipping its peer.
/// </summary>
public static class PeerProgram
{
    public static string Require(string program, string debianPackage)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Append("/usr/sbin"))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"'{program}' is not installed: this test needs it as a real peer. " +
            $"Install the Debian package '{debianPackage}' (scripts/test.sh does this), then run the tests again.");
    }
}
