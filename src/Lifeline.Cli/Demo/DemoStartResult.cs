using System.Diagnostics.CodeAnalysis;

namespace Lifeline.Cli.Demo;

/// <summary>A running demo, or the one-line reason it could not start.</summary>
internal readonly struct DemoStartResult
{
    private DemoStartResult(DemoSession? session, string? error)
    {
        Session = session;
        Error = error;
    }

    public DemoSession? Session { get; }

    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Session))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsStarted => Session is not null;

    public static DemoStartResult Started(DemoSession session) => new(session, null);

    public static DemoStartResult Failed(string error) => new(null, error);
}
