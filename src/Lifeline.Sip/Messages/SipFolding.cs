using System.Text;

namespace Lifeline.Sip.Messages;

/// <summary>Undoes header line folding.</summary>
internal static class SipFolding
{
    /// <summary>
    /// Decodes a header value as UTF-8, replacing every line break together with the white
    /// space on both sides of it by a single SP.
    /// </summary>
    public static string Unfold(ReadOnlySpan<byte> value)
    {
        if (value.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            return Encoding.UTF8.GetString(value);
        }

        var buffer = value.Length <= 512 ? stackalloc byte[512] : new byte[value.Length];
        var count = Unfold(value, buffer);
        return Encoding.UTF8.GetString(buffer[..count]);
    }

    /// <summary>Writes the unfolded value into <paramref name="destination"/> (at least as long as the value).</summary>
    public static int Unfold(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        var count = 0;
        var i = 0;
        while (i < value.Length)
        {
            var b = value[i];
            if (b is (byte)'\r' or (byte)'\n')
            {
                while (count > 0 && destination[count - 1] is (byte)' ' or (byte)'\t')
                {
                    count--;
                }

                while (i < value.Length && value[i] is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t')
                {
                    i++;
                }

                destination[count++] = (byte)' ';
                continue;
            }

            destination[count++] = b;
            i++;
        }

        return count;
    }
}
