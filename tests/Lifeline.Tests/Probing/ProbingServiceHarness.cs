using System.Collections.Concurrent;
using Lifeline.Health;
using Lifeline.Probing;
using Lifeline.Sip.Locating;

namespace Lifeline.Tests.Probing;

/// <summary>
/// A <see cref="ProbingService"/> on the real clock and real sockets, with its signals applied to a board and kept
/// in order, for tests that probe real peers on loopback. Stops the service on dispose.
/// </summary>
internal sealed class ProbingServiceHarness : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Target, Signal Signal)> _signals = new();

    public ProbingServiceHarness(IReadOnlyList<ProbeTargetSpec> targets, ProbingOptions? options = null, HealthOptions? health = null, SipServerLocator? locator = null)
    {
        Board = new HealthBoard(health ?? FastHealth, TimeProvider.System);
        Service = new ProbingService(Board, OnSignal, targets, options ?? new ProbingOptions(), TimeProvider.System, locator: locator);
    }

    /// <summary>Quick rounds so a test sees several probes within a second or two.</summary>
    public static HealthOptions FastHealth { get; } = new()
    {
        Intervals = new ProbeIntervalOptions { Up = TimeSpan.FromMilliseconds(300), Suspect = TimeSpan.FromMilliseconds(200), Down = TimeSpan.FromMilliseconds(300), Recovering = TimeSpan.FromMilliseconds(300) },
        Timeout = new ProbeTimeoutOptions { Initial = TimeSpan.FromMilliseconds(700), Floor = TimeSpan.FromMilliseconds(700), Cap = TimeSpan.FromMilliseconds(700) },
    };

    public HealthBoard Board { get; }

    public ProbingService Service { get; }

    public IReadOnlyList<(string Target, Signal Signal)> Signals => [.. _signals];

    public static ProbeTargetSpec Target(string gateway, ProbeSettings? settings = null) =>
        new(ProbeTargetSpec.IdOf("carrier", gateway), "carrier", gateway, settings ?? ProbeSettings.Default);

    public async Task StartAsync() => await Service.StartAsync(CancellationToken.None);

    /// <summary>The signals of one target, waiting (up to a generous 20 s on a loaded machine) until there are <paramref name="count"/>.</summary>
    public async Task<List<Signal>> WaitForSignalsAsync(string targetId, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var signals = SignalsOf(targetId);
            if (signals.Count >= count)
            {
                return signals;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{targetId}: {signals.Count} signals, {count} awaited: {string.Join("; ", signals.Select(s => s.Describe()))}");
            }

            await Task.Delay(20);
        }
    }

    public List<Signal> SignalsOf(string targetId) => [.. _signals.Where(s => s.Target == targetId).Select(s => s.Signal)];

    public async ValueTask DisposeAsync()
    {
        await Service.StopAsync(CancellationToken.None);
        Service.Dispose();
    }

    private bool OnSignal(string targetId, int slot, in Signal signal)
    {
        // On the board first: a test that has seen a signal may read the board at once.
        _ = slot >= 0 ? Board.Apply(slot, signal) : Board.Apply(targetId, signal);
        _signals.Enqueue((targetId, signal));
        return true;
    }
}
