using Lifeline.Cli.Drill;

namespace Lifeline.Cli.Tests.Drill;

/// <summary>
/// A daemon's drill API in memory: every read, a few more calls arrive and go to the first trunk in service (in the
/// given order); a drained trunk gets none unless <see cref="IgnoreDrain"/>; with <see cref="NoOtherTrunkWorks"/>
/// the calls a drain moves are lost instead.
/// </summary>
internal sealed class SimulatedDrillApi(params string[] trunks) : IDrillApi
{
    private readonly Dictionary<string, long> _attempts = trunks.ToDictionary(t => t, _ => 0L);
    private readonly Dictionary<string, string> _health = trunks.ToDictionary(t => t, _ => "Up");
    private long _received;
    private long _lost;

    public List<string> Changes { get; } = [];

    public int CallsPerRead { get; init; } = 3;

    public bool IgnoreDrain { get; init; }

    public bool NoOtherTrunkWorks { get; init; }

    public bool NoProxy { get; init; }

    public Task<DrillRead> ReadAsync(CancellationToken cancellationToken)
    {
        if (NoProxy)
        {
            return Task.FromResult(DrillRead.Failed("this Lifeline routes no calls"));
        }

        for (var i = 0; i < CallsPerRead; i++)
        {
            _received++;
            var chosen = trunks.FirstOrDefault(t => IgnoreDrain || _health[t] == "Up");
            if (chosen is null || (NoOtherTrunkWorks && chosen != trunks[0]))
            {
                _lost++;
                continue;
            }

            _attempts[chosen]++;
        }

        return Task.FromResult(DrillRead.Of(new TrafficSample(DateTimeOffset.UtcNow, new Dictionary<string, long>(_attempts), _received, _lost, new Dictionary<string, string>(_health))));
    }

    public Task<string?> ChangeAsync(string trunk, string command, string note, CancellationToken cancellationToken)
    {
        Changes.Add(command + " " + trunk);
        _health[trunk] = command == "drain" ? "Drained" : "Up";
        return Task.FromResult<string?>(null);
    }

    public void SetHealth(string trunk, string health) => _health[trunk] = health;
}
