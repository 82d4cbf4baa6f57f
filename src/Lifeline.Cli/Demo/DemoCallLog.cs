using System.Text.Json;
using Lifeline.Journal;

namespace Lifeline.Cli.Demo;

/// <summary>
/// Every call of the demo, for the views and the summary: the dialer's half (setup time, final code, who answered)
/// joined by Call-ID with the proxy's half (its call record: the trunks tried and how each attempt ended). The two
/// halves arrive on different threads in either order; a call is listed once both are in, or at once when the
/// dialer got no answer at all. Thread-safe.
/// </summary>
internal sealed class DemoCallLog
{
    /// <summary>A call whose setup took this much longer than a direct answer was delayed (a direct answer takes about a millisecond).</summary>
    public static readonly TimeSpan DelayedAfter = TimeSpan.FromMilliseconds(50);

    private readonly Lock _lock = new();
    private readonly List<DemoCall> _calls = [];
    private readonly Dictionary<string, DemoCall> _waitingForRecord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DemoAttempt[]> _waitingForDialer = new(StringComparer.Ordinal);
    private long _placed;
    private long _ended;

    /// <summary>Calls placed (INVITEs sent), ended or not.</summary>
    public long Placed => Interlocked.Read(ref _placed);

    /// <summary>Calls placed whose final response the dialer has not had yet.</summary>
    public long InFlight => Interlocked.Read(ref _placed) - Interlocked.Read(ref _ended);

    /// <summary>Calls listed so far (both halves in).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _calls.Count;
            }
        }
    }

    public void CallPlaced() => Interlocked.Increment(ref _placed);

    /// <summary>The dialer's half: the call ended (final response, or none in time).</summary>
    public void Ended(DemoCall call)
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _ended);
            if (_waitingForDialer.Remove(call.CallId, out var tried))
            {
                _calls.Add(call with { Tried = tried });
            }
            else if (call.Code == 0)
            {
                // Nothing came back, so the proxy may never have seen it: do not wait for its record.
                _calls.Add(call);
            }
            else
            {
                _waitingForRecord[call.CallId] = call;
            }
        }
    }

    /// <summary>The proxy's half: its record of the call, written just after its final response went to the dialer.</summary>
    public bool Record(CallRecord record)
    {
        var tried = Attempts(record.TrunksTriedJson);
        lock (_lock)
        {
            if (_waitingForRecord.Remove(record.CallId, out var call))
            {
                _calls.Add(call with { Tried = tried });
            }
            else
            {
                _waitingForDialer[record.CallId] = tried;
            }
        }

        return true;
    }

    /// <summary>Lists the calls still waiting for the proxy's record (at the end of the demo: the record will not come).</summary>
    public void Settle()
    {
        lock (_lock)
        {
            foreach (var call in _waitingForRecord.Values)
            {
                _calls.Add(call);
            }

            _waitingForRecord.Clear();
        }
    }

    /// <summary>The calls listed from <paramref name="start"/> on, in the order they were listed (for the new ones).</summary>
    public IReadOnlyList<DemoCall> From(int start)
    {
        lock (_lock)
        {
            return start >= _calls.Count ? [] : _calls.GetRange(start, _calls.Count - start);
        }
    }

    /// <summary>Every call listed, in the order they were listed.</summary>
    public IReadOnlyList<DemoCall> All() => From(0);

    /// <summary>The attempts of a call record's <c>trunks_tried</c> JSON; empty if it cannot be read.</summary>
    public static DemoAttempt[] Attempts(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var attempts = new List<DemoAttempt>(document.RootElement.GetArrayLength());
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.Object
                    && element.TryGetProperty("trunk", out var trunk) && trunk.ValueKind == JsonValueKind.String
                    && element.TryGetProperty("outcome", out var outcome) && outcome.ValueKind == JsonValueKind.String)
                {
                    attempts.Add(new DemoAttempt(trunk.GetString()!, outcome.GetString()!, Ms(element, "startMs"), Ms(element, "endMs")));
                }
            }

            return [.. attempts];
        }
        catch (JsonException)
        {
            // The proxy writes this JSON itself; a record we cannot read only loses the demo its path.
            return [];
        }
    }

    private static TimeSpan Ms(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.Zero;
}
