namespace Lifeline.Config;

/// <summary><c>nat:</c> — the NAT binding timeouts between Lifeline and its peers, used to lint keepalive intervals.</summary>
internal sealed record NatConfig
{
    public static NatConfig Default { get; } = new();

    public TimeSpan UdpBinding { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan TcpBinding { get; init; } = TimeSpan.FromSeconds(120);
}
