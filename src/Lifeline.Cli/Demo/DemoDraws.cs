namespace Lifeline.Cli.Demo;

/// <summary>
/// The random draws a simulated gateway feeds its <see cref="DemoScript"/>, in shuffled blocks: of every
/// <see cref="BlockSize"/> draws, exactly <c>round(lossRate × BlockSize)</c> fall below the loss rate, at random
/// places. A lossy gateway then loses its share of probes in every run of the demo (plain independent draws could
/// lose none in a minute, or, once in a long while, eight in a row), and never more than two blocks' worth in a row —
/// the point it shows is that loss alone does not take a gateway Down.
/// </summary>
internal sealed class DemoDraws
{
    public const int BlockSize = 20;

    private readonly Random _random;
    private readonly double _lossRate;
    private readonly double[] _block = new double[BlockSize];
    private int _next = BlockSize;

    public DemoDraws(Random random, double lossRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lossRate, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lossRate, 1);
        _random = random;
        _lossRate = lossRate;
    }

    /// <summary>Draws below the loss rate in each block.</summary>
    public int LossesPerBlock => (int)Math.Round(_lossRate * BlockSize);

    /// <summary>The next draw, in [0, 1). Not thread-safe.</summary>
    public double Next()
    {
        if (_next == BlockSize)
        {
            Refill();
        }

        return _block[_next++];
    }

    private void Refill()
    {
        var losses = LossesPerBlock;
        for (var i = 0; i < BlockSize; i++)
        {
            _block[i] = i < losses
                ? _random.NextDouble() * _lossRate
                : _lossRate + (_random.NextDouble() * (1 - _lossRate));
        }

        _random.Shuffle(_block);
        _next = 0;
    }
}
