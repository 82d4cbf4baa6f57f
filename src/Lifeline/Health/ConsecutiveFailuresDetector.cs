using System.Globalization;
using System.Text;

namespace Lifeline.Health;

/// <summary>
/// The <c>consecutive</c> detector: Suspect after one failure, Failed after <see cref="ConsecutiveFailuresOptions.Failures"/>
/// in a row; any success starts the count again. Simple to reason about: with independent loss p, a false verdict
/// needs p^N bad luck.
/// </summary>
internal sealed class ConsecutiveFailuresDetector(ConsecutiveFailuresOptions options) : IFailureDetector
{
    private int _failures;
    private int _timeouts;
    private int _transportErrors;
    private int _rejected;
    private int _lastCode;
    private TimeSpan _lastWait;
    private SignalKind? _kind;

    public string Name => FailureDetectors.Consecutive;

    /// <summary>Failures in a row so far.</summary>
    public int Failures => _failures;

    public void Observe(in Signal signal)
    {
        if (signal.IsSuccess)
        {
            Reset();
            return;
        }

        _kind = _failures == 0 || _kind == signal.Kind ? signal.Kind : null;
        _failures++;
        switch (signal.Outcome)
        {
            case SignalOutcome.Timeout:
                _timeouts++;
                _lastWait = signal.Rtt;
                break;
            case SignalOutcome.TransportError:
                _transportErrors++;
                break;
            default:
                _rejected++;
                _lastCode = signal.Code;
                break;
        }
    }

    /// <summary>Counts only: the verdict never changes without a signal.</summary>
    public bool ChangesWithTime => false;

    public DetectorVerdict Verdict(DateTimeOffset now) =>
        _failures >= options.Failures ? DetectorVerdict.Failed
        : _failures > 0 ? DetectorVerdict.Suspect
        : DetectorVerdict.Healthy;

    public string Explain(DateTimeOffset now)
    {
        if (_failures == 0)
        {
            return "no failures";
        }

        var noun = HealthText.Noun(_kind, _failures);
        var inARow = _failures == 1 ? string.Empty : " in a row";
        var inv = CultureInfo.InvariantCulture;
        if (_timeouts == _failures)
        {
            return _lastWait > TimeSpan.Zero
                ? string.Create(inv, $"{_failures} {noun}{inARow} timed out (last {Signal.Ms(_lastWait)})")
                : string.Create(inv, $"{_failures} {noun}{inARow} timed out");
        }

        if (_transportErrors == _failures)
        {
            return string.Create(inv, $"{_failures} {noun}{inARow} hit transport errors");
        }

        if (_rejected == _failures)
        {
            return string.Create(inv, $"{_failures} {noun}{inARow} failed (last {_lastCode})");
        }

        var parts = new StringBuilder();
        Append(parts, _timeouts, "timed out");
        Append(parts, _transportErrors, "transport errors");
        Append(parts, _rejected, string.Create(inv, $"failed (last {_lastCode})"));
        return string.Create(inv, $"{_failures} {noun}{inARow} failed: {parts}");
    }

    public void Reset()
    {
        _failures = 0;
        _timeouts = 0;
        _transportErrors = 0;
        _rejected = 0;
        _kind = null;
    }

    private static void Append(StringBuilder parts, int count, string what)
    {
        if (count == 0)
        {
            return;
        }

        if (parts.Length > 0)
        {
            parts.Append(", ");
        }

        parts.Append(count.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(what);
    }
}
