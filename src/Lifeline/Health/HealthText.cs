using System.Globalization;

namespace Lifeline.Health;

/// <summary>Wording shared by detectors and rules, so reasons read the same everywhere.</summary>
internal static class HealthText
{
    /// <summary>"200 ms", "2.5 s", "3 min 20 s".</summary>
    public static string Duration(TimeSpan t)
    {
        if (t < TimeSpan.Zero)
        {
            t = TimeSpan.Zero;
        }

        if (t < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0} ms");
        }

        if (t < TimeSpan.FromMinutes(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.#} s");
        }

        var minutes = (int)t.TotalMinutes;
        var seconds = (int)Math.Round(t.TotalSeconds - minutes * 60);
        return seconds == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{minutes} min")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes} min {seconds} s");
    }

    /// <summary>"probe"/"probes", "call"/"calls" …; <paramref name="kind"/> null means mixed kinds.</summary>
    public static string Noun(SignalKind? kind, int count)
    {
        var one = count == 1;
        return kind switch
        {
            SignalKind.Probe => one ? "probe" : "probes",
            SignalKind.Call => one ? "call" : "calls",
            SignalKind.Registration => one ? "registration" : "registrations",
            SignalKind.Process => one ? "process check" : "process checks",
            _ => one ? "signal" : "signals",
        };
    }

    /// <summary>A whole number for a sentence.</summary>
    public static string Number(double value) => value.ToString("0", CultureInfo.InvariantCulture);
}
