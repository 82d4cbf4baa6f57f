using System.Buffers;
using System.Text;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Uris;

namespace Lifeline.Sip.Writing;

/// <summary>
/// Builds a SIP request or response in code and serializes it. Headers are written in the
/// order they are added; Content-Length is always computed from the body and written last.
/// </summary>
/// <example>
/// <code>
/// var bytes = SipMessageBuilder.Request(SipMethod.Options, target)
///     .AddVia(new SipSentBy("UDP", "192.0.2.10", 5060), SipIds.NewBranch())
///     .AddMaxForwards(70)
///     .AddFrom(me, SipIds.NewTag())
///     .AddTo(target)
///     .AddCallId(SipIds.NewCallId())
///     .AddCSeq(1, SipMethod.Options)
///     .ToArray();
/// </code>
/// </example>
public sealed class SipMessageBuilder
{
    private readonly byte[] _startLine;
    private readonly ArrayBufferWriter<byte> _headers = new(512);
    private ReadOnlyMemory<byte> _body;

    private SipMessageBuilder(byte[] startLine, bool isRequest)
    {
        _startLine = startLine;
        IsRequest = isRequest;
    }

    /// <summary>True when building a request.</summary>
    public bool IsRequest { get; }

    /// <summary>The branch of the Via added by <see cref="AddVia"/> (null when none was added).</summary>
    public string? Branch { get; private set; }

    /// <summary>The Call-ID added by <see cref="AddCallId"/> (null when none, or copied as bytes).</summary>
    public string? CallId { get; private set; }

    /// <summary>The From tag added by <see cref="AddFrom"/>.</summary>
    public string? FromTag { get; private set; }

    /// <summary>The To tag added by <see cref="AddTo"/>, or generated for a response.</summary>
    public string? ToTag { get; internal set; }

    /// <summary>Starts a request.</summary>
    public static SipMessageBuilder Request(SipMethod method, SipUri requestUri)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        return Request(method, Encoding.UTF8.GetBytes(requestUri.ToString()));
    }

    /// <summary>Starts a request with a Request-URI given as bytes (copied as written).</summary>
    public static SipMessageBuilder Request(SipMethod method, ReadOnlySpan<byte> requestUri)
    {
        if (method.IsNone)
        {
            throw new ArgumentException("A request needs a method.", nameof(method));
        }

        if (requestUri.IsEmpty || requestUri.IndexOfAny(" \r\n"u8) >= 0)
        {
            throw new ArgumentException("The Request-URI must be non-empty and contain no white space.", nameof(requestUri));
        }

        var line = new byte[method.Name.Length + 1 + requestUri.Length + 8];
        method.Name.CopyTo(line);
        var position = method.Name.Length;
        line[position++] = (byte)' ';
        requestUri.CopyTo(line.AsSpan(position));
        position += requestUri.Length;
        " SIP/2.0"u8.CopyTo(line.AsSpan(position));
        return new SipMessageBuilder(line, isRequest: true);
    }

    /// <summary>Starts a response; the reason phrase defaults to the usual one for the code.</summary>
    public static SipMessageBuilder Response(int statusCode, string? reasonPhrase = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        var reason = reasonPhrase ?? SipStatusCodes.GetReasonPhrase(statusCode);
        if (reason.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("The reason phrase must be one line.", nameof(reasonPhrase));
        }

        return new SipMessageBuilder(Encoding.UTF8.GetBytes($"SIP/2.0 {statusCode} {reason}"), isRequest: false);
    }

    /// <summary>Adds a header line with a value given as a string.</summary>
    public SipMessageBuilder AddHeader(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        return AddHeader(Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(value));
    }

    /// <summary>Adds a known header (written with its canonical name).</summary>
    public SipMessageBuilder AddHeader(SipHeaderId id, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return AddHeader(id, Encoding.UTF8.GetBytes(value));
    }

    /// <summary>Adds a known header with a value given as bytes (copied as written).</summary>
    public SipMessageBuilder AddHeader(SipHeaderId id, ReadOnlySpan<byte> value)
    {
        if (id == SipHeaderId.Unknown)
        {
            throw new ArgumentException("Use the overload with a name for extension headers.", nameof(id));
        }

        return AddHeader(SipHeaderNames.GetNameBytes(id), value);
    }

    /// <summary>Adds a header line from a name and value given as bytes.</summary>
    public SipMessageBuilder AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (!SipChars.IsAllToken(name))
        {
            throw new ArgumentException("A header name must be a token.", nameof(name));
        }

        if (SipHeaderNames.Identify(name) == SipHeaderId.ContentLength)
        {
            throw new ArgumentException("Content-Length is computed from the body.", nameof(name));
        }

        if (value.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            throw new ArgumentException("A header value must be one line.", nameof(value));
        }

        _headers.Write(name);
        _headers.Write(": "u8);
        _headers.Write(value);
        _headers.WriteCrLf();
        return this;
    }

    /// <summary>Adds <c>Via: SIP/2.0/transport host[:port];branch=…[;rport]</c>.</summary>
    public SipMessageBuilder AddVia(SipSentBy sentBy, string branch, bool rport = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(branch);
        Branch ??= branch;
        var value = $"SIP/2.0/{sentBy.Transport} {sentBy.Format()};branch={branch}{(rport ? ";rport" : string.Empty)}";
        return AddHeader(SipHeaderId.Via, value);
    }

    /// <summary>Adds Max-Forwards.</summary>
    public SipMessageBuilder AddMaxForwards(int maxForwards = 70)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxForwards);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxForwards, 255);
        return AddHeader(SipHeaderId.MaxForwards, maxForwards.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Adds From with a tag (RFC 3261 requires one on requests a UAC sends).</summary>
    public SipMessageBuilder AddFrom(SipUri uri, string? tag, string? displayName = null)
    {
        FromTag ??= tag;
        return AddHeader(SipHeaderId.From, FormatNameAddr(uri, displayName, tag));
    }

    /// <summary>Adds To, with a tag when given.</summary>
    public SipMessageBuilder AddTo(SipUri uri, string? tag = null, string? displayName = null)
    {
        ToTag ??= tag;
        return AddHeader(SipHeaderId.To, FormatNameAddr(uri, displayName, tag));
    }

    /// <summary>Adds Call-ID.</summary>
    public SipMessageBuilder AddCallId(string callId)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        CallId ??= callId;
        return AddHeader(SipHeaderId.CallId, callId);
    }

    /// <summary>Adds CSeq.</summary>
    public SipMessageBuilder AddCSeq(uint sequence, SipMethod method)
    {
        var value = new byte[11 + method.Name.Length];
        var count = Encoding.ASCII.GetBytes(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), value);
        value[count++] = (byte)' ';
        method.Name.CopyTo(value.AsSpan(count));
        return AddHeader(SipHeaderId.CSeq, value.AsSpan(0, count + method.Name.Length));
    }

    /// <summary>Adds Contact: <c>&lt;uri&gt;</c> with optional header parameters such as <c>expires=3600</c>.</summary>
    public SipMessageBuilder AddContact(SipUri uri, string? parameters = null, string? displayName = null)
        => AddHeader(SipHeaderId.Contact, FormatNameAddr(uri, displayName, null) + (string.IsNullOrEmpty(parameters) ? string.Empty : ";" + parameters.TrimStart(';')));

    /// <summary>Adds Route: <c>&lt;uri&gt;</c>.</summary>
    public SipMessageBuilder AddRoute(SipUri uri) => AddHeader(SipHeaderId.Route, FormatNameAddr(uri, null, null));

    /// <summary>Adds Record-Route: <c>&lt;uri&gt;</c>.</summary>
    public SipMessageBuilder AddRecordRoute(SipUri uri) => AddHeader(SipHeaderId.RecordRoute, FormatNameAddr(uri, null, null));

    /// <summary>
    /// Adds a Reason header (RFC 3326), e.g. <c>AddReason("SIP", 503, "no route")</c> or
    /// <c>AddReason("Q.850", 34, "No circuit/channel available")</c>.
    /// </summary>
    public SipMessageBuilder AddReason(string protocol, int cause, string? text = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        var value = $"{protocol};cause={cause.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        if (text is not null)
        {
            value += ";text=" + SipQuoting.Quote(text);
        }

        return AddHeader(SipHeaderId.Reason, value);
    }

    /// <summary>Sets the body and adds its Content-Type.</summary>
    public SipMessageBuilder SetBody(ReadOnlyMemory<byte> body, string contentType)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        _body = body;
        return AddHeader(SipHeaderId.ContentType, contentType);
    }

    /// <summary>The number of bytes <see cref="WriteTo"/> will write.</summary>
    public int Length => _startLine.Length + 2 + _headers.WrittenCount + "Content-Length: "u8.Length + Digits(_body.Length) + 4 + _body.Length;

    /// <summary>Writes the message; returns the number of bytes written.</summary>
    public int WriteTo(IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(_startLine);
        destination.WriteCrLf();
        destination.Write(_headers.WrittenSpan);
        destination.Write("Content-Length: "u8);
        destination.WriteNumber(_body.Length);
        destination.Write("\r\n\r\n"u8);
        destination.Write(_body.Span);
        return Length;
    }

    /// <summary>The message as a new array.</summary>
    public byte[] ToArray()
    {
        var writer = new ArrayBufferWriter<byte>(Length);
        WriteTo(writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes and parses the result (for a message to hand to code that takes <see cref="SipMessage"/>).</summary>
    public SipMessage Build()
    {
        var result = SipParser.Default.Parse(ToArray().AsMemory(), SipFraming.Stream);
        return result.Message ?? throw new InvalidOperationException($"The built message does not parse: {result.Error}");
    }

    /// <inheritdoc />
    public override string ToString() => Encoding.UTF8.GetString(ToArray());

    internal static string FormatNameAddr(SipUri uri, string? displayName, string? tag)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var builder = new StringBuilder(64);
        if (!string.IsNullOrEmpty(displayName))
        {
            builder.Append(SipQuoting.Quote(displayName)).Append(' ');
        }

        builder.Append('<').Append(uri).Append('>');
        if (!string.IsNullOrEmpty(tag))
        {
            builder.Append(";tag=").Append(tag);
        }

        return builder.ToString();
    }

    private static int Digits(int value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    /// <summary>Adds a header copied from a parsed message; folded lines are unfolded.</summary>
    internal SipMessageBuilder AddCopiedHeader(SipHeaderId id, ReadOnlySpan<byte> value)
    {
        if (value.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            return AddHeader(id, value);
        }

        var unfolded = new byte[value.Length];
        var count = SipFolding.Unfold(value, unfolded);
        return AddHeader(id, unfolded.AsSpan(0, count));
    }
}
