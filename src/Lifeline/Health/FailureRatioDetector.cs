using System.Globalization;
using System.Text;

namespace Lifeline.Health;

/// <summary>
/// The <c>ratio</c> detector: Failed when at least <see cref="FailureRatioOptions.FailureRatio"/> of the signals in the
/// last <see cref="FailureRatioOptions.Window"/> failed and there were at least <see cref="FailureRatioOptions.MinimumVolume"/>
/// of them — a string of failures, never one bad call. Suspect while the latest signal in the window is a failure.
/// </summary>
internal sealed class FailureRatioDetector : IFailureDetector
{
    private readonly FailureRatioOptions _options;
    private readonly Sample[] _samples;
    private int _head;
    private int _count;
    private int _failures;

    public FailureRatioDetector(FailureRatioOptions options)
    {
        _options = options;
        _samples = new Sample[Math.Max(1, options.MaxSamples)];
    }

    public string Name => FailureDetectors.Ratio;

    public void Observe(in Signal signal)
    {
        Prune(signal.At);
        if (_count == _samples.Length)
        {
            RemoveOldest();
        }

        _samples[(_head + _count) % _samples.Length] = new Sample(signal.At, signal.Kind, signal.Outcome, signal.Code, signal.IsFailure);
        _count++;
        if (signal.IsFailure)
        {
            _failures++;
        }
    }

    public DetectorVerdict Verdict(DateTimeOffset now)
    {
        Prune(now);
        if (_count == 0)
        {
            return DetectorVerdict.Healthy;
        }

        if (_count >= _options.MinimumVolume && _failures >= _options.FailureRatio * _count - 1e-9)
        {
            return DetectorVerdict.Failed;
        }

        return Newest.IsFailure ? DetectorVerdict.Suspect : DetectorVerdict.Healthy;
    }

    public string Explain(DateTimeOffset now)
    {
        Prune(now);
        SignalKind? kind = null;
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < _count; i++)
        {
            var s = _samples[(_head + i) % _samples.Length];
            kind = i == 0 || kind == s.Kind ? s.Kind : null;
            if (!s.IsFailure)
            {
                continue;
            }

            var label = new Signal(s.Kind, s.Outcome, s.At, default, s.Code).FailureLabel();
            if (labels.TryGetValue(label, out var n))
            {
                labels[label] = n + 1;
            }
            else
            {
                labels[label] = 1;
                order.Add(label);
            }
        }

        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder(string.Create(inv, $"{_failures} of {_count} {HealthText.Noun(kind, _count)} failed in {HealthText.Duration(_options.Window)}"));
        order.Sort((a, b) => labels[b].CompareTo(labels[a]));
        for (var i = 0; i < order.Count; i++)
        {
            text.Append(i == 0 ? ": " : ", ").Append(order[i]);
            if (labels.Count > 1)
            {
                text.Append(string.Create(inv, $" ×{labels[order[i]]}"));
            }
        }

        return text.ToString();
    }

    public void Reset()
    {
        _head = 0;
        _count = 0;
        _failures = 0;
    }

    private Sample Newest => _samples[(_head + _count - 1) % _samples.Length];

    private void Prune(DateTimeOffset now)
    {
        var oldestKept = now - _options.Window;
        while (_count > 0 && _samples[_head].At <= oldestKept)
        {
            RemoveOldest();
        }
    }

    private void RemoveOldest()
    {
        if (_samples[_head].IsFailure)
        {
            _failures--;
        }

        _head = (_head + 1) % _samples.Length;
        _count--;
    }

    private readonly record struct Sample(DateTimeOffset At, SignalKind Kind, SignalOutcome Outcome, int Code, bool IsFailure);
}
