namespace Lifeline.Sip.Parsing;

/// <summary>Limits the parser enforces.</summary>
public sealed record SipParserOptions
{
    /// <summary>Default maximum message size: the largest UDP payload, 65,535 bytes.</summary>
    public const int DefaultMaxMessageSize = 65_535;

    /// <summary>Default maximum number of header lines.</summary>
    public const int DefaultMaxHeaderCount = 256;

    /// <summary>The options <see cref="SipParser.Default"/> uses.</summary>
    public static SipParserOptions Default { get; } = new();

    /// <summary>
    /// Largest message (start line, headers and body) accepted, in bytes. The default is
    /// 65,535: no UDP datagram is larger, and a SIP message on TCP that is larger is almost
    /// certainly an attack or a framing error.
    /// </summary>
    public int MaxMessageSize { get; init; } = DefaultMaxMessageSize;

    /// <summary>Most header lines accepted in one message (default 256).</summary>
    public int MaxHeaderCount { get; init; } = DefaultMaxHeaderCount;
}
