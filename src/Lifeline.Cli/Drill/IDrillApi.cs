namespace Lifeline.Cli.Drill;

/// <summary>What a drill needs from a running daemon: its counters, and drain/enable of a trunk.</summary>
internal interface IDrillApi
{
    /// <summary>Reads <c>GET /api/status</c> as a sample.</summary>
    Task<DrillRead> ReadAsync(CancellationToken cancellationToken);

    /// <summary><c>POST /api/trunks/{trunk}/{command}</c> with the token; null when done, else what went wrong.</summary>
    Task<string?> ChangeAsync(string trunk, string command, string note, CancellationToken cancellationToken);
}
