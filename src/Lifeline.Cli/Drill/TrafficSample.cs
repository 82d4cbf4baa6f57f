namespace Lifeline.Cli.Drill;

/// <summary>
/// The proxy's call counters as one read of <c>GET /api/status</c> showed them: calls tried per trunk since the
/// daemon started, and the calls the dialer got a failure for (every trunk failed, or no trunk was usable).
/// </summary>
/// <param name="At">When the sample was read.</param>
/// <param name="AttemptsByTrunk">Calls sent to each trunk (attempts) since start.</param>
/// <param name="Received">Calls the proxy received from the dialer since start.</param>
/// <param name="Lost">Calls the dialer got a failure for because of carriers or routing since start (503 after every trunk failed, or no usable trunk).</param>
/// <param name="HealthByTrunk">Each trunk's health as the daemon reported it.</param>
internal sealed record TrafficSample(
    DateTimeOffset At,
    IReadOnlyDictionary<string, long> AttemptsByTrunk,
    long Received,
    long Lost,
    IReadOnlyDictionary<string, string> HealthByTrunk)
{
    /// <summary>Attempts sent to <paramref name="trunk"/>; 0 when unknown.</summary>
    public long AttemptsOf(string trunk) => AttemptsByTrunk.GetValueOrDefault(trunk);

    /// <summary>Attempts sent to every trunk except <paramref name="trunk"/>.</summary>
    public long AttemptsExcept(string trunk)
    {
        long sum = 0;
        foreach (var (name, attempts) in AttemptsByTrunk)
        {
            if (!string.Equals(name, trunk, StringComparison.Ordinal))
            {
                sum += attempts;
            }
        }

        return sum;
    }
}
