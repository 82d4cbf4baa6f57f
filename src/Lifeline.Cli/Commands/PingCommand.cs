using System.CommandLine;
using System.Globalization;
using System.Net;
using Lifeline.Cli.Ping;
using Lifeline.Sip.Transports;
using Lifeline.Sip.Uris;

namespace Lifeline.Cli.Commands;

/// <summary>
/// <c>lifeline ping &lt;uri&gt;</c>: ping(8) for SIP. Exit code 0 when at least one reply arrived,
/// 1 when none did, 2 for bad usage (bad URI, unresolvable host, unreachable network).
/// </summary>
internal static class PingCommand
{
    public static Command Create()
    {
        var uri = new Argument<string>("uri") { Description = "The sip: or sips: URI to ping, e.g. sip:carrier.example.com or sip:192.0.2.10:5060" };
        var count = new Option<int>("--count", "-c") { Description = "Stop after this many probes (default: until Ctrl-C)", DefaultValueFactory = _ => 0 };
        var interval = new Option<double>("--interval", "-i") { Description = "Seconds between probes", DefaultValueFactory = _ => 1.0 };
        var timeout = new Option<double>("--timeout", "-W") { Description = "Seconds to wait for each reply", DefaultValueFactory = _ => 2.0 };
        var transport = new Option<string?>("--transport", "-t") { Description = "udp or tcp (default: from the URI, or RFC 3263)" };
        var from = new Option<string?>("--from") { Description = "The From URI (default: sip:lifeline@<local address>)" };
        var dnsServer = new Option<string?>("--dns-server") { Description = "Resolve through this DNS server (IP[:port]) instead of /etc/resolv.conf" };
        var command = new Command("ping", "Send SIP OPTIONS to a URI and report each reply, like ping(8)") { uri, count, interval, timeout, transport, from, dnsServer };
        command.SetAction(async (parse, ct) =>
        {
            var settings = Validate(parse.GetValue(uri)!, parse.GetValue(count), parse.GetValue(interval), parse.GetValue(timeout), parse.GetValue(transport), parse.GetValue(from), parse.GetValue(dnsServer), out var error);
            if (settings is null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"lifeline ping: {error}").ConfigureAwait(false);
                return 2;
            }

            // Like ping(8), Ctrl-C ends the run and still prints the statistics.
            using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(ct);
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                interrupted.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                return await RunAsync(settings, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, TimeProvider.System, interrupted.Token).ConfigureAwait(false);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }

    internal static PingSettings? Validate(string uriText, int count, double interval, double timeout, string? transport, string? fromText, string? dnsServerText, out string? error)
    {
        error = null;
        if (!SipUri.TryParse(uriText, out var uri) || !uri.IsSip)
        {
            error = $"'{uriText}' is not a sip: or sips: URI (example: sip:192.0.2.10:5060)";
            return null;
        }

        if (count < 0)
        {
            error = "--count must be 0 (no limit) or more";
            return null;
        }

        if (!(interval is >= 0.01 and <= 3600))
        {
            error = "--interval must be between 0.01 and 3600 seconds";
            return null;
        }

        if (!(timeout is >= 0.01 and <= 60))
        {
            error = "--timeout must be between 0.01 and 60 seconds";
            return null;
        }

        SipTransportProtocol? protocol = null;
        if (transport is not null)
        {
            switch (transport.ToLowerInvariant())
            {
                case "udp": protocol = SipTransportProtocol.Udp; break;
                case "tcp": protocol = SipTransportProtocol.Tcp; break;
                default:
                    error = $"--transport must be udp or tcp, not '{transport}'";
                    return null;
            }
        }

        SipUri? from = null;
        if (fromText is not null && (!SipUri.TryParse(fromText, out from) || !from.IsSip))
        {
            error = $"--from '{fromText}' is not a sip: URI";
            return null;
        }

        IPEndPoint? dnsServer = null;
        if (dnsServerText is not null)
        {
            if (IPAddress.TryParse(dnsServerText, out var address))
            {
                dnsServer = new IPEndPoint(address, 53);
            }
            else if (!IPEndPoint.TryParse(dnsServerText, out dnsServer))
            {
                error = $"--dns-server '{dnsServerText}' is not an IP address with an optional port (example: 127.0.0.1:53)";
                return null;
            }
        }

        return new PingSettings(uri, count, TimeSpan.FromSeconds(interval), TimeSpan.FromSeconds(timeout), protocol, from, dnsServer);
    }

    internal static async Task<int> RunAsync(PingSettings settings, TextWriter output, TextWriter errors, TimeProvider time, CancellationToken ct)
    {
        PingSetupResult setup;
        try
        {
            setup = await SipPinger.CreateAsync(settings, time, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return 1;
        }

        if (!setup.IsReady)
        {
            await errors.WriteLineAsync($"lifeline ping: {setup.Error}").ConfigureAwait(false);
            return 2;
        }

        await using var pinger = setup.Pinger;
        var remote = pinger.Remote;
        await output.WriteLineAsync($"PING {settings.Target} ({remote.EndPoint} {remote.Protocol.ToString().ToLowerInvariant()}): OPTIONS").ConfigureAwait(false);
        var statistics = new PingStatistics();
        for (var sequence = 1; settings.Count == 0 || sequence <= settings.Count; sequence++)
        {
            if (ct.IsCancellationRequested)
            {
                break;
            }

            var started = time.GetTimestamp();
            var reply = await pinger.PingAsync(sequence, settings.Timeout).ConfigureAwait(false);
            statistics.Add(reply);
            await output.WriteLineAsync(FormatReply(reply, remote)).ConfigureAwait(false);
            if (settings.Count != 0 && sequence == settings.Count)
            {
                break;
            }

            var wait = settings.Interval - time.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"--- {settings.Target} ping statistics ---").ConfigureAwait(false);
        await output.WriteLineAsync(statistics.Format()).ConfigureAwait(false);
        return statistics.Received > 0 ? 0 : 1;
    }

    internal static string FormatReply(PingReply reply, SipEndPoint remote)
    {
        if (!reply.Answered)
        {
            return $"seq={reply.Sequence.ToString(CultureInfo.InvariantCulture)}: {reply.Failure} ({remote.EndPoint})";
        }

        var line = $"{reply.StatusCode.ToString(CultureInfo.InvariantCulture)} {reply.Reason} from {remote.EndPoint}: seq={reply.Sequence.ToString(CultureInfo.InvariantCulture)} time={PingStatistics.Ms(reply.RoundTrip)} ms";
        return reply.Agent is null ? line : $"{line} agent=\"{reply.Agent}\"";
    }
}
