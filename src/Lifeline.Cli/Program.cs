using System.CommandLine;
using Lifeline.Cli.Commands;

namespace Lifeline.Cli;

/// <summary>The <c>lifeline</c> program: a root command with one subcommand per file in <c>Commands/</c>.</summary>
internal static class Program
{
    /// <summary>Exit code of a command line that does not parse (unknown option, missing value).</summary>
    public const int UsageError = 2;

    public static Task<int> Main(string[] args) => InvokeAsync(args, Console.Out, Console.Error);

    /// <summary>The command tree. A new command is one line here.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("Lifeline keeps a SIP call center's calls flowing: keepalive probing of carrier trunks, failure detection, failover.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(PingCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(DrillCommand.Create());
        return root;
    }

    /// <summary>Parses and runs a command line, writing to the given writers (tests pass their own).</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parseResult = CreateRoot().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            await error.WriteLineAsync("lifeline: " + parseResult.Errors[0].Message + " (see lifeline --help)").ConfigureAwait(false);
            return UsageError;
        }

        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,

            // `run` stops on SIGTERM and Ctrl-C through the .NET host, which flushes the journal first; the parser's
            // own handler would race it and force an exit.
            ProcessTerminationTimeout = null,
        };
        return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }
}
