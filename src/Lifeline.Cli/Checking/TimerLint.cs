using System.Globalization;
using Lifeline.Config;
using Lifeline.Health;
using Lifeline.Monitoring;

namespace Lifeline.Cli.Checking;

/// <summary>
/// Lints the timers of a valid configuration (<c>lifeline check</c>): keepalives against NAT binding timeouts
/// (RFC 5626 §4.4.1: 24–29 s for a 30 s UDP binding, 95–120 s for TCP), against registration expiry, and probe
/// timeouts against intervals. Pure: no I/O, every warning carries its numbers.
/// </summary>
internal static class TimerLint
{
    /// <summary>Keepalives at most this share of a binding timeout leave room for a lost keepalive's jitter (24 s of 30 s).</summary>
    private const double SafeShareOfBinding = 0.8;

    public static IReadOnlyList<LintWarning> Check(LifelineConfig config, TargetCatalog catalog)
    {
        var warnings = new List<LintWarning>();
        foreach (var trunk in catalog.Trunks)
        {
            if (trunk.Watched && trunk.Gateways.Count > 0)
            {
                CheckTrunk(config.Nat, trunk.Config, trunk.Gateways[0].Options, warnings);
            }
        }

        return warnings;
    }

    /// <summary>Whether probes to this gateway go over UDP (else over a connection: TCP or TLS).</summary>
    public static bool IsUdp(string gateway, ProbeTransport transport)
    {
        switch (transport)
        {
            case ProbeTransport.Udp:
                return true;
            case ProbeTransport.Tcp:
                return false;
            default:
                if (gateway.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                var parameter = gateway.IndexOf(";transport=", StringComparison.OrdinalIgnoreCase);
                if (parameter < 0)
                {
                    return true;
                }

                var value = gateway.AsSpan(parameter + ";transport=".Length);
                var end = value.IndexOfAny(';', '?', '>');
                value = end < 0 ? value : value[..end];
                return value.Equals("udp", StringComparison.OrdinalIgnoreCase);
        }
    }

    private static void CheckTrunk(NatConfig nat, TrunkConfig trunk, HealthOptions options, List<LintWarning> warnings)
    {
        var probing = trunk.EffectiveProbing;
        var name = trunk.Name;
        var udp = false;
        var tcp = false;
        foreach (var gateway in trunk.Gateways)
        {
            if (IsUdp(gateway, probing.Transport))
            {
                udp = true;
            }
            else
            {
                tcp = true;
            }
        }

        if (probing.Enabled)
        {
            if (udp && probing.Interval >= nat.UdpBinding)
            {
                warnings.Add(new LintWarning(name, "probing.interval", Text(
                    $"{D(probing.Interval)} is not shorter than nat.udp_binding {D(nat.UdpBinding)}: the NAT binding toward the gateway can expire between probes, and the carrier's requests and answers are then dropped. Probe at most every {D(nat.UdpBinding * SafeShareOfBinding)} (RFC 5626 suggests 24-29 s for a 30 s UDP binding)")));
            }

            if (tcp)
            {
                var keepalive = probing.CrlfKeepalive ?? probing.Interval;
                if (keepalive >= nat.TcpBinding)
                {
                    var key = probing.CrlfKeepalive is null ? "probing.interval" : "probing.crlf_keepalive";
                    warnings.Add(new LintWarning(name, key, Text(
                        $"{D(keepalive)} is not shorter than nat.tcp_binding {D(nat.TcpBinding)}: the connection's NAT and firewall state can expire between keepalives, and the connection dies silently. Keep it at most {D(nat.TcpBinding * SafeShareOfBinding)} (RFC 5626 suggests 95-120 s for TCP)")));
                }
            }

            CheckTimeout(name, probing, warnings);
        }

        if (trunk.Registration is { } registration)
        {
            CheckRegistration(name, nat, probing, registration, udp, options, warnings);
        }
    }

    private static void CheckTimeout(string name, ProbingConfig probing, List<LintWarning> warnings)
    {
        if (!probing.Timeout.IsAuto)
        {
            var timeout = probing.Timeout.Fixed;
            if (timeout >= probing.Interval)
            {
                warnings.Add(new LintWarning(name, "probing.timeout", Text(
                    $"{D(timeout)} is not shorter than probing.interval {D(probing.Interval)}: probes to a gateway would overlap. Lifeline never overlaps them, so it would probe only every {D(timeout)}, and a silent gateway would take longer to detect. Use a timeout well below the interval, or timeout: auto")));
            }
            else if (timeout > probing.FastInterval)
            {
                warnings.Add(new LintWarning(name, "probing.timeout", Text(
                    $"{D(timeout)} is longer than probing.fast_interval {D(probing.FastInterval)}: after a first miss the next probe waits for the previous one, so misses come every {D(timeout)}, not every {D(probing.FastInterval)}")));
            }

            return;
        }

        // The adaptive timeout reaches the cap only for a gateway answering in cap/3 or slower; at the
        // cap itself probes still start every interval, so only a cap beyond the interval is a problem.
        if (probing.TimeoutCap > probing.Interval)
        {
            warnings.Add(new LintWarning(name, "probing.timeout_cap", Text(
                $"{D(probing.TimeoutCap)} is longer than probing.interval {D(probing.Interval)}: for a slow gateway the adaptive timeout can reach it and probes would overlap; Lifeline would then probe only every {D(probing.TimeoutCap)}. Lower timeout_cap")));
        }
        else if (probing.TimeoutFloor > probing.FastInterval)
        {
            warnings.Add(new LintWarning(name, "probing.timeout_floor", Text(
                $"{D(probing.TimeoutFloor)} is longer than probing.fast_interval {D(probing.FastInterval)}: every probe waits at least the floor, so after a first miss probes come every {D(probing.TimeoutFloor)}, not every {D(probing.FastInterval)}")));
        }
    }

    private static void CheckRegistration(string name, NatConfig nat, ProbingConfig probing, RegistrationConfig registration, bool udp, HealthOptions options, List<LintWarning> warnings)
    {
        var refreshEvery = registration.Expires - registration.RefreshMargin;
        if (!probing.Enabled)
        {
            if (udp && refreshEvery >= nat.UdpBinding)
            {
                warnings.Add(new LintWarning(name, "registration.expires", Text(
                    $"with probing off, the re-registration every {D(refreshEvery)} (expires {D(registration.Expires)} minus refresh_margin {D(registration.RefreshMargin)}) is the only keepalive toward the registrar, but nat.udp_binding is {D(nat.UdpBinding)}: the binding expires and incoming calls stop arriving. Turn probing on, or register at least every {D(nat.UdpBinding * SafeShareOfBinding)}")));
            }

            return;
        }

        if (probing.Interval >= registration.RefreshMargin)
        {
            warnings.Add(new LintWarning(name, "registration.refresh_margin", Text(
                $"{D(registration.RefreshMargin)} is not longer than probing.interval {D(probing.Interval)}: the keepalive must fire well before the binding expires, but a registrar that dies just before the refresh would be probed at most once before the {D(registration.Expires)} binding runs out. Make refresh_margin several probe intervals long")));
            return;
        }

        var timeout = TrunkHealthOptions.WorstCaseProbeTimeout(probing);
        if (HealthMath.WorstCaseDetection(options, timeout) is { } detection && detection >= registration.RefreshMargin)
        {
            warnings.Add(new LintWarning(name, "registration.refresh_margin", Text(
                $"{D(registration.RefreshMargin)} is shorter than the worst-case detection of a silent gateway, {D(detection)}: if the registrar dies just before the refresh, the binding expires before Lifeline has marked it Down and moved on. Make refresh_margin at least {D(detection * 2)}, or probe faster")));
        }
    }

    private static string D(TimeSpan value) => HealthText.Duration(value);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
