using System.Text;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Uris;

namespace Lifeline.Sip.Messages;

/// <summary>
/// One Via value (RFC 3261 §20.42): sent-protocol, sent-by and the parameters a transport or
/// transaction layer needs (branch, received, rport, maddr, ttl). A view over the message
/// bytes; nothing is copied until a string is asked for.
/// </summary>
public readonly struct SipVia
{
    /// <summary>The RFC 3261 branch magic cookie.</summary>
    public static ReadOnlySpan<byte> MagicCookie => "z9hG4bK"u8;

    private readonly ReadOnlyMemory<byte> _value;
    private readonly int _protocolNameStart;
    private readonly int _protocolNameLength;
    private readonly int _protocolVersionStart;
    private readonly int _protocolVersionLength;
    private readonly int _transportStart;
    private readonly int _transportLength;
    private readonly int _hostStart;
    private readonly int _hostLength;
    private readonly int _parametersStart;
    private readonly int _branchStart;
    private readonly int _branchLength;
    private readonly int _receivedStart;
    private readonly int _receivedLength;
    private readonly int _maddrStart;
    private readonly int _maddrLength;

    private SipVia(ReadOnlyMemory<byte> value, in Ranges r)
    {
        _value = value;
        _protocolNameStart = r.ProtocolNameStart;
        _protocolNameLength = r.ProtocolNameLength;
        _protocolVersionStart = r.ProtocolVersionStart;
        _protocolVersionLength = r.ProtocolVersionLength;
        _transportStart = r.TransportStart;
        _transportLength = r.TransportLength;
        _hostStart = r.HostStart;
        _hostLength = r.HostLength;
        HostKind = r.HostKind;
        Port = r.Port;
        _parametersStart = r.ParametersStart;
        _branchStart = r.BranchStart;
        _branchLength = r.BranchLength;
        HasBranch = r.HasBranch;
        _receivedStart = r.ReceivedStart;
        _receivedLength = r.ReceivedLength;
        _maddrStart = r.MaddrStart;
        _maddrLength = r.MaddrLength;
        Ttl = r.Ttl;
        HasRPort = r.HasRPort;
        RPort = r.RPort;
    }

    /// <summary>The whole Via value as written.</summary>
    public SipText Value => new(_value);

    /// <summary>Protocol name, normally <c>SIP</c>.</summary>
    public SipText ProtocolName => Slice(_protocolNameStart, _protocolNameLength);

    /// <summary>Protocol version, normally <c>2.0</c>.</summary>
    public SipText ProtocolVersion => Slice(_protocolVersionStart, _protocolVersionLength);

    /// <summary>Transport as written: <c>UDP</c>, <c>TCP</c>, <c>TLS</c>, <c>SCTP</c>, <c>WS</c>, or any token.</summary>
    public SipText Transport => Slice(_transportStart, _transportLength);

    /// <summary>The sent-by host as written; an IPv6 reference keeps its brackets.</summary>
    public SipText Host => Slice(_hostStart, _hostLength);

    /// <summary>What kind of host <see cref="Host"/> is.</summary>
    public SipHostKind HostKind { get; }

    /// <summary>The sent-by port, or null when absent.</summary>
    public int? Port { get; }

    /// <summary>True when a branch parameter is present (its value may be empty).</summary>
    public bool HasBranch { get; }

    /// <summary>The branch parameter value (empty when absent).</summary>
    public SipText Branch => Slice(_branchStart, _branchLength);

    /// <summary>True when the branch starts with the RFC 3261 magic cookie <c>z9hG4bK</c>.</summary>
    public bool HasMagicCookie => Branch.Span.StartsWith(MagicCookie);

    /// <summary>The received parameter (empty when absent); an IPv6 address may or may not have brackets.</summary>
    public SipText Received => Slice(_receivedStart, _receivedLength);

    /// <summary>The maddr parameter (empty when absent).</summary>
    public SipText Maddr => Slice(_maddrStart, _maddrLength);

    /// <summary>The ttl parameter, or null when absent or not a number in 0..255.</summary>
    public int? Ttl { get; }

    /// <summary>True when an rport parameter is present, with or without a value (RFC 3581).</summary>
    public bool HasRPort { get; }

    /// <summary>The rport value, or null when absent or written without a value.</summary>
    public int? RPort { get; }

    /// <summary>All parameters, in order.</summary>
    public SipParameterEnumerator Parameters => new(_value[_parametersStart..]);

    /// <summary>The sent-by as <c>host[:port]</c>.</summary>
    public string SentBy => Port is int port ? $"{Host}:{port}" : Host.ToString();

    /// <summary>Finds a parameter by name (case-insensitive).</summary>
    public bool TryGetParameter(string name, out SipText value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parameters = _value[_parametersStart..];
        if (SipParameterReader.TryFind(parameters.Span, Encoding.ASCII.GetBytes(name), out var start, out var length, out _))
        {
            value = new SipText(parameters.Slice(start, length));
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Parses one Via value (a single element of the comma-separated list):
    /// <c>protocol / version / transport SP host[:port] *(;param)</c>, with LWS allowed around
    /// the slashes, colon, semicolons and equals signs.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipVia via)
    {
        via = default;
        var span = value.Span;
        var reader = new SipValueReader(span);
        var r = default(Ranges);
        reader.SkipLws();
        r.ProtocolNameLength = reader.ReadToken(out r.ProtocolNameStart);
        if (r.ProtocolNameLength == 0 || !reader.TrySeparator((byte)'/'))
        {
            return false;
        }

        r.ProtocolVersionLength = reader.ReadToken(out r.ProtocolVersionStart);
        if (r.ProtocolVersionLength == 0 || !reader.TrySeparator((byte)'/'))
        {
            return false;
        }

        r.TransportLength = reader.ReadToken(out r.TransportStart);
        if (r.TransportLength == 0 || reader.SkipLws() == 0)
        {
            return false;
        }

        var position = reader.Position;
        if (!SipHost.TryRead(span, ref position, out r.HostStart, out r.HostLength, out r.HostKind))
        {
            return false;
        }

        reader.Position = position;
        if (reader.TrySeparator((byte)':'))
        {
            var digits = reader.ReadDigits(out var portStart);
            if (!SipHost.TryParsePort(span.Slice(portStart, digits), out var port))
            {
                return false;
            }

            r.Port = port;
        }

        r.ParametersStart = reader.Position;
        var parameters = span[r.ParametersStart..];
        var p = 0;
        while (true)
        {
            var step = SipParameterReader.Next(parameters, ref p, out var ns, out var nl, out var vs, out var vl, out var hasValue);
            if (step == SipParameterStep.End)
            {
                break;
            }

            if (step == SipParameterStep.Malformed)
            {
                return false;
            }

            var name = parameters.Slice(ns, nl);
            vs += r.ParametersStart;
            if (System.Text.Ascii.EqualsIgnoreCase(name, "branch"u8))
            {
                r.HasBranch = true;
                (r.BranchStart, r.BranchLength) = (vs, vl);
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(name, "received"u8))
            {
                (r.ReceivedStart, r.ReceivedLength) = (vs, vl);
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(name, "maddr"u8))
            {
                (r.MaddrStart, r.MaddrLength) = (vs, vl);
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(name, "ttl"u8))
            {
                r.Ttl = SipChars.TryParseDecimal(span.Slice(vs, vl), 255, out var ttl) ? (int)ttl : null;
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(name, "rport"u8))
            {
                r.HasRPort = true;
                r.RPort = hasValue && SipHost.TryParsePort(span.Slice(vs, vl), out var rport) ? rport : null;
            }
        }

        via = new SipVia(value, r);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => SipFolding.Unfold(_value.Span);

    private SipText Slice(int start, int length) => new(_value.Slice(start, length));

    private struct Ranges
    {
        public int ProtocolNameStart;
        public int ProtocolNameLength;
        public int ProtocolVersionStart;
        public int ProtocolVersionLength;
        public int TransportStart;
        public int TransportLength;
        public int HostStart;
        public int HostLength;
        public SipHostKind HostKind;
        public int? Port;
        public int ParametersStart;
        public bool HasBranch;
        public int BranchStart;
        public int BranchLength;
        public int ReceivedStart;
        public int ReceivedLength;
        public int MaddrStart;
        public int MaddrLength;
        public int? Ttl;
        public bool HasRPort;
        public int? RPort;
    }
}
