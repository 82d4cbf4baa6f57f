using System.Globalization;
using System.Text;

namespace Lifeline.Config;

/// <summary>
/// Durations as operators write them: <c>500ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>, <c>30d</c>,
/// combined (<c>1m30s</c>) or with a fraction (<c>1.5s</c>). A bare number is rejected, except 0:
/// <c>timeout: 500</c> could mean seconds or milliseconds, and guessing wrong is a 500-second timeout.
/// </summary>
internal static class DurationText
{
    private static readonly TimeSpan Max = TimeSpan.FromDays(3650);

    public static bool TryParse(string text, out TimeSpan value, out string? hint)
    {
        value = TimeSpan.Zero;
        hint = null;
        var s = text.Trim();
        if (s == "0")
        {
            return true;
        }

        if (s.Length == 0)
        {
            return false;
        }

        if (s.Any(char.IsWhiteSpace))
        {
            hint = "write it without spaces, like 5s";
            return false;
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            hint = $"a bare number has no unit: write {s}s or {s}ms";
            return false;
        }

        double totalMs = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            double unitMs;
            switch (s.AsSpan(unitStart, i - unitStart))
            {
                case "ms": unitMs = 1; break;
                case "s": unitMs = 1000; break;
                case "m": unitMs = 60_000; break;
                case "h": unitMs = 3_600_000; break;
                case "d": unitMs = 86_400_000; break;
                case "": hint = "every number needs a unit: ms, s, m, h or d"; return false;
                default: hint = "units are ms, s, m, h and d"; return false;
            }

            totalMs += number * unitMs;
        }

        if (totalMs > Max.TotalMilliseconds)
        {
            hint = "longer than 3650d";
            return false;
        }

        value = TimeSpan.FromMilliseconds(Math.Round(totalMs, 3));
        return true;
    }

    /// <summary>The shortest way to write the duration back: 5s, 500ms, 1m30s, 30d.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            sb.Append('-');
            value = value.Negate();
        }

        Append(sb, value.Days, "d");
        Append(sb, value.Hours, "h");
        Append(sb, value.Minutes, "m");
        Append(sb, value.Seconds, "s");
        var ms = value.Ticks % TimeSpan.TicksPerSecond / (double)TimeSpan.TicksPerMillisecond;
        if (ms > 0)
        {
            sb.Append(ms.ToString("0.###", CultureInfo.InvariantCulture)).Append("ms");
        }

        return sb.ToString();
    }

    private static void Append(StringBuilder sb, int amount, string unit)
    {
        if (amount != 0)
        {
            sb.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
