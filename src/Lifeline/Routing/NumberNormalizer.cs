using Lifeline.Config;

namespace Lifeline.Routing;

/// <summary>
/// Applies <c>proxy.normalize</c> to a dialed number (docs/failover.md, "Normalization"): parameters after <c>;</c>
/// are dropped, visual separators (<c>- . ( )</c>) removed, the first rule whose <c>match</c> prefix (and
/// <c>length</c>) fits strips and prepends, and a leading <c>+</c> is dropped. A user part that is not a dial string
/// (<c>alice</c>) is left as it is and is not a number. Allocates only the result, and nothing when the dialed
/// number is already normalized.
/// </summary>
internal sealed class NumberNormalizer
{
    private const int StackLimit = 128;
    private readonly NormalizeRule[] _rules;

    public NumberNormalizer(IReadOnlyList<NormalizeRule> rules) => _rules = [.. rules];

    public NormalizedNumber Normalize(string dialed)
    {
        var user = dialed.AsSpan();
        var semicolon = user.IndexOf(';');
        if (semicolon >= 0)
        {
            user = user[..semicolon];
        }

        user = user.Trim();
        if (user.IsEmpty)
        {
            return new NormalizedNumber(string.Empty, false);
        }

        if (!IsDialString(user))
        {
            return new NormalizedNumber(user.Length == dialed.Length ? dialed : user.ToString(), false);
        }

        // Worst case: every character kept plus the longest prepend.
        var longestPrepend = 0;
        foreach (var rule in _rules)
        {
            longestPrepend = Math.Max(longestPrepend, rule.Prepend.Length);
        }

        var size = user.Length + longestPrepend;
        Span<char> buffer = size <= StackLimit ? stackalloc char[StackLimit] : new char[size];
        var cleanLength = 0;
        foreach (var c in user)
        {
            if (c is not ('-' or '.' or '(' or ')'))
            {
                buffer[longestPrepend + cleanLength++] = c;
            }
        }

        // The cleaned number sits after room for a prepend, so a rule rewrites it in place.
        var start = longestPrepend;
        var length = cleanLength;
        var clean = buffer.Slice(start, cleanLength);
        foreach (var rule in _rules)
        {
            if (clean.StartsWith(rule.Match, StringComparison.Ordinal) && (rule.Length is null || rule.Length == cleanLength))
            {
                var strip = Math.Min(rule.Strip, cleanLength);
                start += strip - rule.Prepend.Length;
                length += rule.Prepend.Length - strip;
                rule.Prepend.AsSpan().CopyTo(buffer[start..]);
                break;
            }
        }

        var result = buffer.Slice(start, length);
        while (!result.IsEmpty && result[0] == '+')
        {
            result = result[1..];
        }

        var isNumber = !result.IsEmpty && !result.ContainsAnyExceptInRange('0', '9');
        var text = result.SequenceEqual(dialed) ? dialed : result.ToString();
        return new NormalizedNumber(text, isNumber);
    }

    /// <summary>Digits, <c>*</c>, <c>#</c>, visual separators, and <c>+</c> only in front: something a phone could dial.</summary>
    private static bool IsDialString(ReadOnlySpan<char> user)
    {
        var digits = 0;
        for (var i = 0; i < user.Length; i++)
        {
            var c = user[i];
            if (char.IsAsciiDigit(c) || c is '*' or '#')
            {
                digits++;
            }
            else if (!(c is '-' or '.' or '(' or ')' || (c == '+' && i == 0)))
            {
                return false;
            }
        }

        return digits > 0;
    }
}
