namespace Lifeline.Sip.Dns;

/// <summary>Bits of the 16-bit flags word of a DNS header (RFC 1035 section 4.1.1).</summary>
internal static class DnsHeaderFlags
{
    public const ushort Response = 0x8000;
    public const ushort OpcodeMask = 0x7800;
    public const ushort Authoritative = 0x0400;
    public const ushort Truncated = 0x0200;
    public const ushort RecursionDesired = 0x0100;
    public const ushort RecursionAvailable = 0x0080;
    public const ushort ResponseCodeMask = 0x000F;

    public const ushort ClassInternet = 1;
    public const int HeaderLength = 12;
}
