using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Lifeline.Cli.Demo;
using Spectre.Console;

namespace Lifeline.Cli.Commands;

/// <summary>
/// <c>lifeline demo</c>: Lifeline's trunk health and failover at work with nothing to set up. Simulated carrier
/// gateways run in this process on 127.0.0.1 (one steady, one that dies and comes back, one lossy, one flapping),
/// one trunk each; the real prober and health board watch them with the default rules, and a simulated dialer
/// places calls through the real failover proxy. A live view shows health, RTT, calls per trunk, failovers and every
/// transition with its reason, and a summary explains what happened, calls lost (0) and the worst added delay
/// included. Exit code 0 (a lost call is reported loudly, not by the exit code: the demo is no test), 1 if it could
/// not start, 2 for bad usage.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var duration = new Option<double>("--duration", "-d")
        {
            Description = "Seconds to watch before the summary",
            DefaultValueFactory = _ => DemoSettings.DefaultDuration.TotalSeconds,
        };
        var noLive = new Option<bool>("--no-live") { Description = "Print one line per transition and call event instead of the live view (automatic when the output is not a terminal)" };
        var cps = new Option<double>("--cps")
        {
            Description = "Calls per second the simulated dialer places through Lifeline's proxy",
            DefaultValueFactory = _ => DemoSettings.DefaultCallsPerSecond,
        };
        var command = new Command("demo", "Watch simulated carriers fail, flap and recover under Lifeline's health rules while calls fail over without loss (no set-up, about a minute)")
        {
            duration,
            noLive,
            cps,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var seconds = parseResult.GetValue(duration);
            if (!(seconds is >= 1 and <= 3600))
            {
                await error.WriteLineAsync("lifeline demo: --duration must be between 1 and 3600 seconds").ConfigureAwait(false);
                return 2;
            }

            var rate = parseResult.GetValue(cps);
            if (!(rate is >= 1 and <= DemoSettings.MaxCallsPerSecond))
            {
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"lifeline demo: --cps must be between 1 and {DemoSettings.MaxCallsPerSecond:0} calls per second")).ConfigureAwait(false);
                return 2;
            }

            var live = !parseResult.GetValue(noLive) && !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out) && AnsiConsole.Profile.Capabilities.Ansi;
            var settings = new DemoSettings(TimeSpan.FromSeconds(seconds), live, rate);
            var story = DemoScript.Standard.Max(s => s.StoryEnd);
            if (settings.Duration < story)
            {
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"lifeline demo: the whole story takes about {story.TotalSeconds + 10:0} s; with --duration {seconds:0.#} you will see only its beginning")).ConfigureAwait(false);
            }

            // Ctrl-C or SIGTERM ends the watch early, and the summary still tells what was seen.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            return await DemoRunner.RunAsync(settings, DemoScript.Standard, output, error, TimeProvider.System, stop.Token).ConfigureAwait(false);

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        });
        return command;
    }
}
