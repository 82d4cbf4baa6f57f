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

    // Grows on the first signals instead of holding MaxSamples slots from the start: most gateways never carry a call.
    private BoundedRing<Sample> _samples;
    private int _failures;

    public FailureRatioDetector(FailureRatioOptions options)
    {
        _options = options;
        _samples = new BoundedRing<Sample>(options.MaxSamples);
    }

    /// <summary>Sample slots allocated so far (memory accounting and tests).</summary>
    public int AllocatedSamples => _samples.Allocated;

    public string Name => FailureDetectors.Ratio;

    public void Observe(in Signal signal)
    {
        Prune(signal.At);
        if (_samples.IsFull)
        {
            RemoveOldest();
        }

        _samples.Add(new Sample(signal.At, signal.Kind, signal.Outcome, signal.Code, signal.IsFailure));
        if (signal.IsFailure)
        {
            _failures++;
        }
    }

    /// <summary>Samples in the window age out: with any left, the ratio (and the verdict) can move by itself.</summary>
    public bool ChangesWithTime => _samples.Count > 0;

    public DetectorVerdict Verdict(DateTimeOffset now)
    {
        Prune(now);
        var count = _samples.Count;
        if (count == 0)
        {
            return DetectorVerdict.Healthy;
        }

        if (count >= _options.MinimumVolume && _failures >= _options.FailureRatio * count - 1e-9)
        {
            return DetectorVerdict.Failed;
        }

        return _samples.Newest.IsFailure ? DetectorVerdict.Suspect : DetectorVerdict.Healthy;
    }

    public string Explain(DateTimeOffset now)
    {
        Prune(now);
        SignalKind? kind = null;
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        var count = _samples.Count;
        for (var i = 0; i < count; i++)
        {
            var s = _samples[i];
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
        var text = new StringBuilder(string.Create(inv, $"{_failures} of {count} {HealthText.Noun(kind, count)} failed in {HealthText.Duration(_options.Window)}"));
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
        _samples.Clear();
        _failures = 0;
    }

    private void Prune(DateTimeOffset now)
    {
        var oldestKept = now - _options.Window;
        while (_samples.Count > 0 && _samples.Oldest.At <= oldestKept)
        {
            RemoveOldest();
        }
    }

    private void RemoveOldest()
    {
        if (_samples.RemoveOldest().IsFailure)
        {
            _failures--;
        }
    }

    private readonly record struct Sample(DateTimeOffset At, SignalKind Kind, SignalOutcome Outcome, int Code, bool IsFailure);
}
