using System.CommandLine;
using System.Net;
using System.Text.Json;
using Lifeline.Cli.Api;

namespace Lifeline.Cli.Commands;

/// <summary><c>lifeline status [--url URL] [--json]</c>: the health of every trunk and gateway, from a running daemon.</summary>
internal static class StatusCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Exit code when the daemon cannot be reached or answers with an error.</summary>
    public const int Unreachable = 1;

    public static Command Create()
    {
        var url = new Option<string>("--url")
        {
            Description = "Where the daemon's HTTP API listens (its http.listen)",
            DefaultValueFactory = _ => DefaultUrl,
        };
        var json = new Option<bool>("--json") { Description = "Print the raw JSON of GET /api/status" };
        var command = new Command("status", "Show the health of every trunk and gateway of a running Lifeline") { url, json };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(url) ?? DefaultUrl,
            parseResult.GetValue(json),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string url, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url.TrimEnd('/') + "/api/status", UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"lifeline: --url {url}: expected an address like {DefaultUrl}").ConfigureAwait(false);
            return Program.UsageError;
        }

        string body;
        HttpStatusCode code;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var response = await http.GetAsync(endpoint, cancellationToken).ConfigureAwait(false);
            code = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"lifeline: cannot reach Lifeline at {url} ({ex.Message}): is `lifeline run` running, and is --url its http.listen?").ConfigureAwait(false);
            return Unreachable;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"lifeline: Lifeline at {url} did not answer within 10 s").ConfigureAwait(false);
            return Unreachable;
        }

        if (code != HttpStatusCode.OK)
        {
            await error.WriteLineAsync($"lifeline: {endpoint} answered {(int)code} {code}: {OneLine(body)}").ConfigureAwait(false);
            return Unreachable;
        }

        if (json)
        {
            await output.WriteLineAsync(body).ConfigureAwait(false);
            return 0;
        }

        StatusResponse? status;
        try
        {
            status = JsonSerializer.Deserialize(body, ApiJson.Context.StatusResponse);
        }
        catch (JsonException ex)
        {
            await error.WriteLineAsync($"lifeline: {endpoint} did not answer with Lifeline's status ({ex.Message}): is --url a Lifeline?").ConfigureAwait(false);
            return Unreachable;
        }

        if (status is null)
        {
            await error.WriteLineAsync($"lifeline: {endpoint} answered an empty status").ConfigureAwait(false);
            return Unreachable;
        }

        StatusTable.Write(status, output);
        return 0;
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
