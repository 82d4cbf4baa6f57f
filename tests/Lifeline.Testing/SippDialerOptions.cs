namespace Lifeline.Testing;

/// <summary>How a <see cref="SippDialer"/> places its calls.</summary>
public sealed record SippDialerOptions
{
    /// <summary>Calls to place (sipp <c>-m</c>); sipp exits when all have ended.</summary>
    public int Calls { get; init; } = 1;

    /// <summary>New calls per second (sipp <c>-r</c>).</summary>
    public double Rate { get; init; } = 10;

    /// <summary>Time between the ACK and the BYE of an answered call (sipp <c>-d</c>).</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.Zero;

    /// <summary>The dialed number: the user part of the Request-URI (sipp <c>-s</c>).</summary>
    public string Number { get; init; } = "15551234567";

    /// <summary>The address the dialer sends from (any 127.x.y.z works on loopback).</summary>
    public string LocalIp { get; init; } = "127.0.0.1";

    /// <summary>"udp" or "tcp".</summary>
    public string Transport { get; init; } = "udp";

    /// <summary>Most calls open at once (sipp <c>-l</c>); null leaves sipp's default (3 × rate × call length).</summary>
    public int? MaxOpenCalls { get; init; }

    /// <summary>
    /// A call that waits longer than this for an expected message fails (sipp <c>-recv_timeout</c>), so a call the
    /// proxy never answers ends as a failure instead of hanging the test.
    /// </summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
