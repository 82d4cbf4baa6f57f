using System.Globalization;

namespace Lifeline.Testing;

/// <summary>
/// One message in a sipp <c>-trace_shortmsg</c> file: when sipp sent or received it (microseconds, sipp's own
/// clock), which call, the CSeq method and the first line.
/// </summary>
public sealed record SippTraceLine(DateTimeOffset At, bool Sent, string CallId, string CSeqMethod, string FirstLine)
{
    /// <summary>The status code of a response; 0 for a request.</summary>
    public int StatusCode =>
        FirstLine.StartsWith("SIP/2.0 ", StringComparison.Ordinal) && FirstLine.Length >= 11
        && int.TryParse(FirstLine.AsSpan(8, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? code
            : 0;

    public bool IsRequest => StatusCode == 0;

    /// <summary>The request method of a request (first word of its first line); empty for a response.</summary>
    public string RequestMethod => IsRequest ? FirstLine.Split(' ', 2)[0] : string.Empty;

    public bool IsRequestOf(string method) => IsRequest && RequestMethod == method;

    public bool IsResponseTo(string method) => !IsRequest && CSeqMethod == method;
}
