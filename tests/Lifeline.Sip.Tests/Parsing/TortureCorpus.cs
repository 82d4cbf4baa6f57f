using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Tests.Parsing;

/// <summary>
/// The RFC 4475 and RFC 5118 torture messages, read from the .dat files next to this source
/// file (byte-exact copies of the RFC archives; the SHA-256 of each is checked by the tests).
/// </summary>
internal static class TortureCorpus
{
    public static string Directory { get; } = Path.GetDirectoryName(SourcePath())!;

    public static byte[] Rfc4475(string name) => File.ReadAllBytes(Path.Combine(Directory, "Rfc4475", name + ".dat"));

    public static byte[] Rfc5118(string name) => File.ReadAllBytes(Path.Combine(Directory, "Rfc5118", name + ".dat"));

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Parses an RFC 4475 message as the datagram it ostensibly arrived in.</summary>
    public static SipMessage Parse4475(string name)
    {
        var result = SipParser.Default.ParseDatagram(Rfc4475(name));
        result.Success.ShouldBeTrue($"{name}: {result.Error}");
        return result.Message!;
    }

    private static string SourcePath([CallerFilePath] string path = "") => path;
}
