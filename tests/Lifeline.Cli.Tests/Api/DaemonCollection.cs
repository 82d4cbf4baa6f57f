namespace Lifeline.Cli.Tests.Api;

/// <summary>
/// Tests that run whole daemons in this process, one at a time: every daemon's meter is named "Lifeline", and
/// each /metrics listens to all of them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DaemonCollection
{
    public const string Name = "daemons in process";
}
