using System.Buffers;
using System.Buffers.Text;
using System.Globalization;

namespace Lifeline.Probing;

/// <summary>
/// The Via branch of a probe carries the target's slot and the probe's random token
/// (<c>z9hG4bKlf</c> + 8 hex digits + 16 hex digits), so an answer is matched to its probe by decoding its top
/// Via's branch: no lookup table, no string per probe. The RFC 3261 magic cookie keeps it a valid branch; the
/// 64 random bits make it unique and unguessable.
/// </summary>
internal static class ProbeBranch
{
    /// <summary>Length of a probe branch.</summary>
    public const int Length = 9 + 8 + 16;

    /// <summary>The magic cookie and Lifeline's mark.</summary>
    public static ReadOnlySpan<byte> Prefix => "z9hG4bKlf"u8;

    /// <summary>Writes the branch for a probe; <paramref name="destination"/> holds at least <see cref="Length"/> bytes.</summary>
    public static void Write(Span<byte> destination, int index, ulong token)
    {
        Prefix.CopyTo(destination);
        Utf8Formatter.TryFormat((uint)index, destination[9..], out _, new StandardFormat('x', 8));
        Utf8Formatter.TryFormat(token, destination[17..], out _, new StandardFormat('x', 16));
    }

    /// <summary>Reads a branch written by <see cref="Write"/>; false for anything else (another UA's, a mangled one).</summary>
    public static bool TryRead(ReadOnlySpan<byte> branch, out int index, out ulong token)
    {
        index = 0;
        token = 0;
        if (branch.Length != Length || !branch.StartsWith(Prefix)
            || !uint.TryParse(branch.Slice(9, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var slot)
            || !ulong.TryParse(branch.Slice(17, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out token)
            || slot > int.MaxValue)
        {
            return false;
        }

        index = (int)slot;
        return true;
    }
}
