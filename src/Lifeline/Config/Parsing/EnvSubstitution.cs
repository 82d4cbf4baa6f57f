using System.Text;

namespace Lifeline.Config.Parsing;

/// <summary>
/// Expands <c>${NAME}</c> and <c>${NAME:-default}</c> from the environment in scalar values, so
/// secrets stay out of the file. <c>$${</c> writes a literal <c>${</c>; any other <c>$</c> is literal.
/// </summary>
internal static class EnvSubstitution
{
    /// <summary>The expanded text, or an error message naming the variable.</summary>
    public static (string? Value, string? Error) Expand(string text, Func<string, string?> environment)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return (text, null);
        }

        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$')
            {
                sb.Append(c);
                i++;
                continue;
            }

            if (i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                sb.Append("${");
                i += 3;
                continue;
            }

            if (i + 1 >= text.Length || text[i + 1] != '{')
            {
                sb.Append(c);
                i++;
                continue;
            }

            var close = text.IndexOf('}', i + 2);
            if (close < 0)
            {
                return (null, "unterminated ${ (write $${ for a literal ${)");
            }

            var inner = text.AsSpan(i + 2, close - i - 2);
            string? fallback = null;
            var dash = inner.IndexOf(":-", StringComparison.Ordinal);
            if (dash >= 0)
            {
                fallback = inner[(dash + 2)..].ToString();
                inner = inner[..dash];
            }

            var name = inner.ToString();
            if (!IsValidName(name))
            {
                return (null, $"${{{name}}} is not a valid environment variable name (letters, digits and _, not starting with a digit; write $${{ for a literal ${{)");
            }

            var value = environment(name);
            if (value is null)
            {
                if (fallback is null)
                {
                    return (null, $"environment variable {name} is not set (referenced as ${{{name}}}; set it, or write ${{{name}:-default}})");
                }

                value = fallback;
            }

            sb.Append(value);
            i = close + 1;
        }

        return (sb.ToString(), null);
    }

    private static bool IsValidName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
