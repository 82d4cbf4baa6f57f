using System.Globalization;

namespace Lifeline.Cli.Api;

/// <summary>
/// Where a page of events ends, in both journal tables at once: <c>t&lt;id&gt;a&lt;id&gt;</c>, the next page holding
/// transitions with a smaller id than the first number and operator actions with a smaller id than the second
/// (0: that table has nothing older). Ids, unlike offsets, stay put while new events arrive.
/// </summary>
internal readonly record struct EventCursor(long TransitionsBefore, long ActionsBefore)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"t{TransitionsBefore}a{ActionsBefore}");

    public static bool TryParse(string? text, out EventCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text[0] != 't')
        {
            return false;
        }

        var a = text.IndexOf('a', StringComparison.Ordinal);
        if (a < 2
            || !long.TryParse(text.AsSpan(1, a - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var transitions)
            || !long.TryParse(text.AsSpan(a + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var actions))
        {
            return false;
        }

        cursor = new EventCursor(transitions, actions);
        return true;
    }
}
