using System.Security.Cryptography;

namespace Lifeline.Sip.Writing;

/// <summary>
/// Fresh identifiers for new requests: branches with the RFC 3261 magic cookie, tags and
/// Call-IDs, from a cryptographic random source so they are unique across restarts and nodes.
/// </summary>
public static class SipIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A branch: <c>z9hG4bK</c> and 20 random characters (about 103 bits).</summary>
    public static string NewBranch() => "z9hG4bK" + RandomNumberGenerator.GetString(Alphabet, 20);

    /// <summary>A From/To tag: 12 random characters (about 62 bits).</summary>
    public static string NewTag() => RandomNumberGenerator.GetString(Alphabet, 12);

    /// <summary>A Call-ID: 24 random characters, followed by <c>@host</c> when a host is given.</summary>
    public static string NewCallId(string? host = null)
    {
        var id = RandomNumberGenerator.GetString(Alphabet, 24);
        return string.IsNullOrEmpty(host) ? id : $"{id}@{host}";
    }
}
