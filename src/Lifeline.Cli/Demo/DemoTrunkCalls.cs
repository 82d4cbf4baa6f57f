namespace Lifeline.Cli.Demo;

/// <summary>One trunk's calls as the proxy counts them, for the view and the summary.</summary>
/// <param name="Trunk">The trunk (named after its simulated gateway).</param>
/// <param name="Priority">Its priority: lower is tried first.</param>
/// <param name="Active">Calls holding one of its slots now (being set up, or answered and not hung up).</param>
/// <param name="Attempts">Calls sent to it.</param>
/// <param name="Answered">Calls it answered: the calls it carried.</param>
/// <param name="Failed">Attempts that failed by its fault (no response in time, a failure code).</param>
internal sealed record DemoTrunkCalls(string Trunk, int Priority, int Active, long Attempts, long Answered, long Failed);
