using System.Net;

namespace Lifeline.Config;

/// <summary><c>http:</c> — the API, dashboard and metrics endpoint.</summary>
internal sealed record HttpConfig
{
    public static HttpConfig Default { get; } = new();

    /// <summary>Where HTTP listens; loopback unless configured.</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 8080);

    /// <summary>Bearer token required for changes through the API; null = changes only from loopback.</summary>
    public Secret? Token { get; init; }
}
