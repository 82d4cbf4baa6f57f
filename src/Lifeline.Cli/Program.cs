using System.CommandLine;
using Lifeline.Cli.Commands;

namespace Lifeline.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Lifeline keeps a SIP call center's calls flowing: keepalives, failure detection and failover.")
        {
            PingCommand.Create(),
            DemoCommand.Create(),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"lifeline: {parse.Errors[0].Message} (see lifeline --help)").ConfigureAwait(false);
            return 2;
        }

        return await parse.InvokeAsync().ConfigureAwait(false);
    }
}
