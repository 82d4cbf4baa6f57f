namespace Lifeline.Sip.Dns;

/// <summary>The outcome of decoding a DNS message: the message, or why it could not be read.</summary>
internal readonly struct DnsParseResult
{
    private DnsParseResult(DnsMessage? message, string? error)
    {
        Message = message;
        Error = error;
    }

    public DnsMessage? Message { get; }

    public string? Error { get; }

    public bool IsSuccess => Message is not null;

    public static DnsParseResult Ok(DnsMessage message) => new(message, null);

    public static DnsParseResult Fail(string error) => new(null, error);
}
