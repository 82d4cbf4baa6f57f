using System.Text;

namespace Lifeline.Config.Parsing;

/// <summary>Text helpers for error messages.</summary>
internal static class ConfigText
{
    /// <summary>Quotes a value for a message, escaping control characters so a message stays on one line.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>"a", "a or b", "a, b or c".</summary>
    public static string OneOf(IReadOnlyList<string> names)
    {
        if (names.Count == 1)
        {
            return names[0];
        }

        return string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];
    }
}
