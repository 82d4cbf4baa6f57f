using System.Buffers.Binary;
using System.Text;

namespace Lifeline.Sip.Tests.Dns;

/// <summary>Builds DNS wire bytes by hand, for crafted (and deliberately broken) messages.</summary>
internal static class DnsBytes
{
    public static byte[] Header(ushort id = 0x1234, ushort flags = 0x8180, ushort qd = 1, ushort an = 0, ushort ns = 0, ushort ar = 0) =>
        Concat(U16(id), U16(flags), U16(qd), U16(an), U16(ns), U16(ar));

    public static byte[] Name(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }

    public static byte[] Pointer(int offset) => [(byte)(0xC0 | (offset >> 8)), (byte)offset];

    public static byte[] Question(string name, ushort type, ushort @class = 1) => Concat(Name(name), U16(type), U16(@class));

    public static byte[] Record(byte[] name, ushort type, uint ttl, byte[] data, ushort @class = 1) =>
        Concat(name, U16(type), U16(@class), U32(ttl), U16((ushort)data.Length), data);

    public static byte[] CharacterString(string text) => Concat([(byte)text.Length], Encoding.ASCII.GetBytes(text));

    public static byte[] U16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
