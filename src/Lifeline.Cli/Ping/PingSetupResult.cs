using System.Diagnostics.CodeAnalysis;

namespace Lifeline.Cli.Ping;

/// <summary>A pinger ready to send, or the one-line reason it could not be set up.</summary>
internal readonly struct PingSetupResult
{
    private PingSetupResult(SipPinger? pinger, string? error)
    {
        Pinger = pinger;
        Error = error;
    }

    public SipPinger? Pinger { get; }

    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Pinger))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsReady => Pinger is not null;

    public static PingSetupResult Ready(SipPinger pinger) => new(pinger, null);

    public static PingSetupResult Failed(string error) => new(null, error);
}
