namespace Lifeline.Benchmarks.Health;

/// <summary>What the simulation reads from each rule it compares.</summary>
internal interface IRuleObserver
{
    string Name { get; }

    bool IsDown { get; }

    int Downs { get; }

    TimeSpan DownTime { get; }

    DateTimeOffset? LastDownAt { get; }

    DateTimeOffset? LastUpAt { get; }

    /// <summary>First Down since the last <see cref="Watch"/>.</summary>
    DateTimeOffset? FirstDown { get; }

    /// <summary>First return to full service since the last <see cref="Watch"/>.</summary>
    DateTimeOffset? FirstUp { get; }

    /// <summary>Starts looking for the next Down and the next Up.</summary>
    void Watch();

    void Close(DateTimeOffset end);
}
