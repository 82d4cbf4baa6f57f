namespace Lifeline.Benchmarks.Health;

/// <summary>
/// The baseline rules most SIP servers use: Down after <c>misses</c> unanswered probes in a row, Up again on the first
/// answer (threshold 1: Asterisk qualify / FreeSWITCH ping; threshold 3: e.g. Kamailio dispatcher's probing threshold).
/// </summary>
internal sealed class ThresholdRule(int misses) : IRuleObserver
{
    private int _streak;
    private DateTimeOffset _downSince;

    public string Name => $"threshold-{misses} (Down after {misses} miss{(misses == 1 ? string.Empty : "es")}, Up on 1 answer)";

    public bool IsDown { get; private set; }

    public int Downs { get; private set; }

    public TimeSpan DownTime { get; private set; }

    public DateTimeOffset? LastDownAt { get; private set; }

    public DateTimeOffset? LastUpAt { get; private set; }

    public DateTimeOffset? FirstDown { get; private set; }

    public DateTimeOffset? FirstUp { get; private set; }

    public void Watch()
    {
        FirstDown = null;
        FirstUp = null;
    }

    public void Observe(DateTimeOffset at, bool answered)
    {
        if (answered)
        {
            _streak = 0;
            if (IsDown)
            {
                IsDown = false;
                DownTime += at - _downSince;
                LastUpAt = at;
                FirstUp ??= at;
            }

            return;
        }

        _streak++;
        if (!IsDown && _streak >= misses)
        {
            IsDown = true;
            _downSince = at;
            Downs++;
            LastDownAt = at;
            FirstDown ??= at;
        }
    }

    public void Close(DateTimeOffset end)
    {
        if (IsDown)
        {
            DownTime += end - _downSince;
            _downSince = end;
        }
    }
}
