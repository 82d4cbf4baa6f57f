using System.Globalization;
using Lifeline.Health;

namespace Lifeline.Cli.Demo;

/// <summary>How the demo writes times, so the view, the plain lines and the summary read the same.</summary>
internal static class DemoText
{
    /// <summary>A moment of the demo: "t+12.3 s" (or "t+12 s").</summary>
    public static string At(TimeSpan sinceStart, bool decimals = true) =>
        decimals
            ? string.Create(CultureInfo.InvariantCulture, $"t+{Math.Max(0, sinceStart.TotalSeconds):0.0} s")
            : string.Create(CultureInfo.InvariantCulture, $"t+{Math.Max(0, sinceStart.TotalSeconds):0} s");

    /// <summary>A span in seconds with one decimal: "5.1 s".</summary>
    public static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, span.TotalSeconds):0.0} s");

    /// <summary>A setting's duration: "0.5 s", "2 s", "60 s", "5 min".</summary>
    public static string Duration(TimeSpan span) =>
        span < TimeSpan.FromMinutes(2)
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s")
            : HealthText.Duration(span);

    /// <summary>A round-trip time: "0.31 ms", "12.4 ms".</summary>
    public static string Ms(TimeSpan rtt) =>
        rtt.TotalMilliseconds < 10
            ? string.Create(CultureInfo.InvariantCulture, $"{rtt.TotalMilliseconds:0.00} ms")
            : string.Create(CultureInfo.InvariantCulture, $"{rtt.TotalMilliseconds:0.0} ms");

    /// <summary>A round-trip time in milliseconds without the unit, short for a table: "0.3", "12.4", "250".</summary>
    public static string Milliseconds(TimeSpan rtt) =>
        rtt.TotalMilliseconds < 100
            ? rtt.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)
            : rtt.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>A delay in whole milliseconds: "412 ms".</summary>
    public static string Delay(TimeSpan delay) => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, delay.TotalMilliseconds):0} ms");

    /// <summary>A whole number.</summary>
    public static string Number(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>A share: "19%".</summary>
    public static string Percent(double share) => share.ToString("0%", CultureInfo.InvariantCulture);
}
