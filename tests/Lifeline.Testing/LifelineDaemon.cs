using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Lifeline.Testing;

/// <summary>
/// <c>lifeline run</c> as a real process on loopback: a temporary folder with its configuration (HTTP on a free
/// port, the journal beside it), start and wait until <c>/healthz</c> answers, stop with SIGTERM or SIGKILL, start
/// again on the same files. Disposing kills the process and deletes the folder.
/// </summary>
public sealed class LifelineDaemon : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("lifeline-daemon-");

    private LifelineDaemon(string body, string? token)
    {
        Port = FreePort.Get();
        Token = token;
        var http = $"http:\n  listen: 127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}\n" + (token is null ? string.Empty : $"  token: {token}\n");
        ConfigPath = Path.Combine(_folder.FullName, "lifeline.yaml");
        File.WriteAllText(ConfigPath, http + "journal:\n  path: ./lifeline.db\n" + body);
        Http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public string? Token { get; }

    public string Url => "http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public string Folder => _folder.FullName;

    public string ConfigPath { get; }

    public string JournalPath => Path.Combine(_folder.FullName, "lifeline.db");

    /// <summary>A client for the daemon's HTTP API (base address set).</summary>
    public HttpClient Http { get; }

    /// <summary>The running (or last) process; null before the first start.</summary>
    public LifelineProcess? Process { get; private set; }

    /// <summary>
    /// Writes a configuration: <paramref name="body"/> is everything after <c>http:</c> and <c>journal:</c>
    /// (usually a <c>trunks:</c> list), which this helper writes itself.
    /// </summary>
    public static LifelineDaemon Create(string body, string? token = null) => new(body, token);

    /// <summary>Starts <c>lifeline run -c</c> and waits (generously) until <c>/healthz</c> answers 200.</summary>
    public async Task StartAsync()
    {
        Process?.Dispose();
        Process = LifelineProcess.Start(["run", "-c", ConfigPath], Folder);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"lifeline run exited with {Process.ExitCode} before answering /healthz\nstdout:\n{Process.StandardOutput}\nstderr:\n{Process.StandardError}");
            }

            try
            {
                using var response = await Http.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"lifeline run did not answer /healthz within 60 s\nstdout:\n{Process.StandardOutput}\nstderr:\n{Process.StandardError}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGTERM, then waits for the exit; returns the exit code (kills and throws after <paramref name="limit"/>).</summary>
    public async Task<int> StopAsync(TimeSpan limit)
    {
        var process = Process ?? throw new InvalidOperationException("not started");
        process.Terminate();
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"lifeline run did not exit within {limit} of SIGTERM\nstdout:\n{process.StandardOutput}\nstderr:\n{process.StandardError}");
        }

        // Let the output readers take the last lines.
        await Task.Delay(200);
        return process.ExitCode;
    }

    /// <summary>SIGKILL: no chance to clean up.</summary>
    public void Kill() => Process?.Kill();

    /// <summary>A POST carrying the bearer token (when one is configured).</summary>
    public async Task<HttpResponseMessage> PostAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        return await Http.SendAsync(request);
    }

    public void Dispose()
    {
        Process?.Dispose();
        Http.Dispose();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // The killed process may hold a file for a moment; the OS temp cleaner gets it.
        }
    }
}
