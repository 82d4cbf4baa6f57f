using System.Buffers.Binary;

namespace Lifeline.Sip.Dns;

/// <summary>Builds a one-question query with recursion desired and no EDNS.</summary>
internal static class DnsQueryWriter
{
    public const int MaxQueryLength = DnsHeaderFlags.HeaderLength + DnsName.MaxWireLength + 4;

    public static bool TryWrite(Span<byte> destination, ushort id, string normalizedName, DnsRecordType type, out int written)
    {
        written = 0;
        if (destination.Length < DnsHeaderFlags.HeaderLength + 4)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], DnsHeaderFlags.RecursionDesired);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        destination[6..DnsHeaderFlags.HeaderLength].Clear();

        if (!DnsName.TryEncode(normalizedName, destination[DnsHeaderFlags.HeaderLength..], out var nameLength))
        {
            return false;
        }

        var pos = DnsHeaderFlags.HeaderLength + nameLength;
        if (destination.Length < pos + 4)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[pos..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(pos + 2)..], DnsHeaderFlags.ClassInternet);
        written = pos + 4;
        return true;
    }
}
