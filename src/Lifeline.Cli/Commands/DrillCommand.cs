using System.CommandLine;
using System.Runtime.InteropServices;
using Lifeline.Cli.Drill;
using Lifeline.Config;

namespace Lifeline.Cli.Commands;

/// <summary>
/// <c>lifeline drill TRUNK [--for DURATION] [--url URL] [--token TOKEN]</c>: a planned, reversible failover test on a
/// running daemon. Drains the trunk, watches calls move to the other trunks, restores it and reports calls moved,
/// calls lost and time to move. Exit code 0 when the drill passed, 1 when it found a problem or could not run, 2 for
/// bad usage.
/// </summary>
internal static class DrillCommand
{
    /// <summary>Where the token comes from when --token is not given (a command line is visible to every local user).</summary>
    public const string TokenVariable = "LIFELINE_TOKEN";

    public static Command Create()
    {
        var trunk = new Argument<string>("trunk") { Description = "The trunk to drain (its name in the configuration)" };
        var duration = new Option<string>("--for")
        {
            Description = "How long the trunk stays drained, e.g. 30s, 2m",
            DefaultValueFactory = _ => "30s",
        };
        var url = new Option<string>("--url")
        {
            Description = "Where the daemon's HTTP API listens (its http.listen)",
            DefaultValueFactory = _ => StatusCommand.DefaultUrl,
        };
        var token = new Option<string?>("--token") { Description = $"The API token (http.token); default: the {TokenVariable} environment variable" };
        var command = new Command("drill", "Drain a trunk on a running Lifeline, watch calls move to the others, restore it, and report")
        {
            trunk,
            duration,
            url,
            token,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var forText = parseResult.GetValue(duration) ?? "30s";
            if (!TryParseDuration(forText, out var length))
            {
                await error.WriteLineAsync($"lifeline drill: --for {forText}: expected a duration from 1s to 1h, like 30s or 2m").ConfigureAwait(false);
                return Program.UsageError;
            }

            var urlText = parseResult.GetValue(url) ?? StatusCommand.DefaultUrl;
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
            {
                await error.WriteLineAsync($"lifeline drill: --url {urlText}: expected an address like {StatusCommand.DefaultUrl}").ConfigureAwait(false);
                return Program.UsageError;
            }

            var secret = parseResult.GetValue(token) ?? Environment.GetEnvironmentVariable(TokenVariable);
            if (string.IsNullOrEmpty(secret))
            {
                await error.WriteLineAsync($"lifeline drill: a drill drains a trunk, which needs the API token (http.token): set {TokenVariable} or pass --token").ConfigureAwait(false);
                return Program.UsageError;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            using var api = new DrillApi(baseAddress, secret, TimeProvider.System);
            return await DrillRunner.RunAsync(
                DrillSettings.For(parseResult.GetValue(trunk) ?? string.Empty, length),
                api,
                TimeProvider.System,
                parseResult.InvocationConfiguration.Output,
                error,
                stop.Token).ConfigureAwait(false);

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        });
        return command;
    }

    /// <summary>Reads a duration the way the configuration does (<c>30s</c>, <c>2m</c>, <c>1m30s</c>); 1 s to 1 h.</summary>
    internal static bool TryParseDuration(string text, out TimeSpan duration) =>
        DurationText.TryParse(text, out duration, out _) && duration >= TimeSpan.FromSeconds(1) && duration <= TimeSpan.FromHours(1);
}
