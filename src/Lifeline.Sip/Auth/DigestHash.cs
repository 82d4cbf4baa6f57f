using System.Security.Cryptography;
using System.Text;

namespace Lifeline.Sip.Auth;

/// <summary>H(data) of RFC 7616: the algorithm's hash of the UTF-8 bytes, as lowercase hex.</summary>
internal static class DigestHash
{
    public static string Hex(DigestAlgorithm algorithm, string data) => Hex(algorithm, Encoding.UTF8.GetBytes(data));

    public static string Hex(DigestAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = algorithm is DigestAlgorithm.Sha256 or DigestAlgorithm.Sha256Sess
            ? SHA256.HashData(data, hash)
            : MD5.HashData(data, hash);
        return Convert.ToHexStringLower(hash[..length]);
    }
}
