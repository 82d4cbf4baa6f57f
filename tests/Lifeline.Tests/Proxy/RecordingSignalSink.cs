using System.Collections.Concurrent;
using Lifeline.Health;
using Lifeline.Monitoring;

namespace Lifeline.Tests.Proxy;

/// <summary>Keeps every signal the proxy reports, with its target.</summary>
internal sealed class RecordingSignalSink : ISignalSink
{
    public ConcurrentQueue<(string Target, Signal Signal)> Signals { get; } = new();

    public bool Report(string targetId, in Signal signal)
    {
        Signals.Enqueue((targetId, signal));
        return true;
    }

    public IReadOnlyList<Signal> For(string targetId) => [.. Signals.Where(s => s.Target == targetId).Select(s => s.Signal)];
}
