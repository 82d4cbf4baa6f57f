namespace Lifeline.Cli.Demo;

/// <summary>
/// The demo's clock: time since it started. It reads the same <see cref="TimeProvider.GetUtcNow"/> the health board
/// stamps transitions with, so a gateway's silence and the transitions it causes line up exactly.
/// </summary>
internal sealed class DemoTimeline(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    /// <summary>Time since the demo started.</summary>
    public TimeSpan Elapsed => Offset(Time.GetUtcNow());

    /// <summary>A moment as time since the demo started.</summary>
    public TimeSpan Offset(DateTimeOffset at) => at - StartedAt;
}
