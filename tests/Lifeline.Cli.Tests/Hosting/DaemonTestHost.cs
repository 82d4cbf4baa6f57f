using System.Net.Http.Headers;
using Lifeline.Cli.Hosting;
using Lifeline.Journal;
using Lifeline.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lifeline.Cli.Tests.Hosting;

/// <summary>
/// The real daemon (<see cref="DaemonHost.Build"/>) in process, on an in-memory server instead of a port, with its
/// configuration and journal in a temporary folder and its logs captured.
/// </summary>
internal sealed class DaemonTestHost : IAsyncDisposable
{
    public const string Token = "test-token-4f1c2a";

    private readonly TempFolder _folder;

    private DaemonTestHost(TempFolder folder, WebApplication app, CapturedLogs logs)
    {
        _folder = folder;
        App = app;
        Logs = logs;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public HealthMonitor Monitor => App.Services.GetRequiredService<HealthMonitor>();

    public JournalReader Reader => App.Services.GetRequiredService<JournalReader>();

    /// <summary>
    /// The usual test configuration: two gateways on <c>primary</c>, one on <c>backup</c>, one on the disabled
    /// <c>spare</c>. Nothing listens at these addresses, so probing is off: the tests hand in the signals themselves,
    /// and a live probe failing mid-test would move a gateway they assert on.
    /// </summary>
    public static string Yaml(bool withToken = true) => $$"""
        http:
          listen: 127.0.0.1:1
        {{(withToken ? "  token: " + Token : string.Empty)}}
        journal:
          path: ./journal.db
        probing:
          enabled: false
        trunks:
          - { name: primary, gateways: [ "sip:127.0.0.1:5071", "sip:127.0.0.1:5072" ], priority: 1 }
          - { name: backup, gateways: [ "sip:127.0.0.1:5073;transport=tcp" ], priority: 2 }
          - { name: spare, gateways: [ "sip:127.0.0.1:5074" ], enabled: false }
        """;

    public static async Task<DaemonTestHost> StartAsync(string? yaml = null, TimeProvider? time = null, HealthMonitorOptions? monitor = null)
    {
        var folder = new TempFolder();
        var path = folder.Write("lifeline.yaml", yaml ?? Yaml());
        using var errors = new StringWriter();
        var startup = DaemonHost.Prepare(path, errors);
        startup.ShouldNotBeNull(errors.ToString());
        var logs = new CapturedLogs();
        var app = DaemonHost.Build(startup, new DaemonSettings
        {
            Time = time ?? TimeProvider.System,
            Monitor = monitor ?? new HealthMonitorOptions(),
            Configure = builder =>
            {
                builder.WebHost.UseTestServer();
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(logs);
            },
        });
        await app.StartAsync();
        return new DaemonTestHost(folder, app, logs);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string? token = Token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _folder.Dispose();
    }
}
