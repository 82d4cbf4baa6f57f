using System.CommandLine;
using Lifeline.Cli.Hosting;

namespace Lifeline.Cli.Commands;

/// <summary><c>lifeline run -c FILE</c>: the daemon, until SIGTERM or Ctrl-C.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = ConfigOption.Create();
        var command = new Command("run", "Run Lifeline: watch the trunks, keep the journal, serve the HTTP API (stops cleanly on SIGTERM or Ctrl-C)")
        {
            config,
        };
        command.SetAction((parseResult, cancellationToken) =>
            DaemonHost.RunAsync(parseResult.GetRequiredValue(config), parseResult.InvocationConfiguration.Error, cancellationToken));
        return command;
    }
}
