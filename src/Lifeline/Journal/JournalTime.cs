namespace Lifeline.Journal;

/// <summary>Times are stored as Unix milliseconds (UTC): compact, sortable, and readable in sqlite3 through the v_ views.</summary>
internal static class JournalTime
{
    public static long ToUnixMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static double? ToMs(TimeSpan? value) => value?.TotalMilliseconds;

    public static TimeSpan? FromMs(object value) => value is DBNull ? null : TimeSpan.FromMilliseconds(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
}
