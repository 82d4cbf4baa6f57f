using System.Diagnostics.CodeAnalysis;

namespace Lifeline.Cli.Demo;

/// <summary>A simulated gateway listening on loopback, or why it could not open.</summary>
internal readonly struct DemoGatewayOpenResult
{
    private DemoGatewayOpenResult(DemoGateway? gateway, string? error)
    {
        Gateway = gateway;
        Error = error;
    }

    public DemoGateway? Gateway { get; }

    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Gateway))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOpen => Gateway is not null;

    public static DemoGatewayOpenResult Opened(DemoGateway gateway) => new(gateway, null);

    public static DemoGatewayOpenResult Failed(string error) => new(null, error);
}
