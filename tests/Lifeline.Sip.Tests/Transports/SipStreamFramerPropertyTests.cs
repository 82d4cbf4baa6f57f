using System.Text;
using Lifeline.Sip.Transports;

namespace Lifeline.Sip.Tests.Transports;

/// <summary>
/// Random streams of messages and keepalives, cut at random places and randomly damaged: the framer never
/// throws, never loops, and frames the same things whatever the cuts.
/// </summary>
public class SipStreamFramerPropertyTests
{
    private const int MaxMessageSize = 4096;

    private static readonly string[] Methods = ["INVITE", "OPTIONS", "BYE", "ACK", "REGISTER", "NOTIFY", "X-CUSTOM.1"];
    private static readonly string[] ContentLengthNames = ["Content-Length", "content-length", "CONTENT-LENGTH", "l", "L", "Content-length"];
    private static readonly string[] Spaces = ["", " ", "  ", "\t", " \t "];

    [Fact]
    public void Frame_RandomValidStreamsCutAnywhere_FrameExactlyTheGeneratedMessages()
    {
        for (var seed = 0; seed < 20_000; seed++)
        {
            var random = new Random(seed);
            var (stream, expected) = GenerateStream(random);

            Same(Run(stream, [stream.Length]), expected, $"seed {seed}, whole buffer");
            Same(Run(stream, RandomCuts(random, stream.Length)), expected, $"seed {seed}, random cuts");
        }
    }

    [Fact]
    public void Frame_ValidStreamFedOneByteAtATime_FramesTheSameMessages()
    {
        for (var seed = 0; seed < 500; seed++)
        {
            var random = new Random(seed);
            var (stream, expected) = GenerateStream(random);

            Same(Run(stream, Enumerable.Repeat(1, stream.Length)), expected, $"seed {seed}");
        }
    }

    [Fact]
    public void Frame_RandomlyDamagedStreams_NeverThrowAndDoNotDependOnTheCuts()
    {
        var errors = 0;
        for (var seed = 0; seed < 30_000; seed++)
        {
            var random = new Random(seed);
            var (stream, _) = GenerateStream(random);
            var damaged = Damage(random, stream);

            var whole = Run(damaged, [damaged.Length]);
            Same(Run(damaged, RandomCuts(random, damaged.Length)), whole, $"seed {seed}");
            Same(Run(damaged, RandomCuts(random, damaged.Length)), whole, $"seed {seed}, second cut");
            if (whole[^1].StartsWith("error", StringComparison.Ordinal))
            {
                errors++;
            }
        }

        // The damage must actually reach the error paths, or this test proves little.
        errors.ShouldBeGreaterThan(3_000);
    }

    [Fact]
    public void Frame_RandomBytes_NeverThrow()
    {
        var random = new Random(1234);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            if (random.Next(2) == 0 && bytes.Length > 0)
            {
                // Start like SIP so the deeper paths are reached too.
                var prefix = Encoding.ASCII.GetBytes(random.Next(2) == 0 ? "INVITE sip:a SIP/2.0\r\n" : "SIP/2.0 200 OK\r\nl:");
                bytes = [.. prefix, .. bytes];
            }

            var result = Run(bytes, RandomCuts(random, bytes.Length));
            result.ShouldNotBeEmpty();
        }
    }

    // Shouldly's list comparison is slow enough to dominate tens of thousands of runs: use it only to report.
    private static void Same(List<string> actual, List<string> expected, string context)
    {
        if (!actual.SequenceEqual(expected))
        {
            actual.ShouldBe(expected, context);
        }
    }

    /// <summary>Feeds the stream in chunks the way a connection does and lists what the framer found.</summary>
    private static List<string> Run(byte[] stream, IEnumerable<int> chunks)
    {
        var framer = new SipStreamFramer(MaxMessageSize);
        var found = new List<string>();
        int start = 0, end = 0;
        foreach (var chunk in chunks)
        {
            end += chunk;
            while (start < end)
            {
                var frame = framer.Frame(stream.AsSpan(start, end - start));
                switch (frame.Kind)
                {
                    case SipFrameKind.NeedMore:
                        goto nextChunk;
                    case SipFrameKind.Error:
                        found.Add("error " + frame.Error);
                        return found;
                    case SipFrameKind.Message:
                        if (frame.Length <= 0 || frame.Length > end - start)
                        {
                            Assert.Fail($"message length {frame.Length} with {end - start} bytes buffered");
                        }

                        found.Add("message " + Convert.ToHexString(stream, start, frame.Length));
                        break;
                    default:
                        found.Add(frame.Kind.ToString());
                        break;
                }

                start += frame.Length;
            }

        nextChunk:;
        }

        Assert.Equal(stream.Length, end);
        found.Add("left " + (end - start));
        return found;
    }

    private static List<int> RandomCuts(Random random, int length)
    {
        var cuts = new List<int>();
        var remaining = length;
        while (remaining > 0)
        {
            var size = random.Next(4) switch
            {
                0 => 1,
                1 => random.Next(1, 8),
                2 => random.Next(1, 64),
                _ => random.Next(1, 1024),
            };
            size = Math.Min(size, remaining);
            cuts.Add(size);
            remaining -= size;
        }

        if (cuts.Count == 0)
        {
            cuts.Add(0);
        }

        return cuts;
    }

    private static (byte[] Stream, List<string> Expected) GenerateStream(Random random)
    {
        var stream = new List<byte>();
        var expected = new List<string>();
        var messages = random.Next(1, 5);
        for (var m = 0; m < messages; m++)
        {
            AddKeepAlives(random, stream, expected, atEnd: false);
            var message = GenerateMessage(random);
            stream.AddRange(message);
            expected.Add("message " + Convert.ToHexString(message));
        }

        AddKeepAlives(random, stream, expected, atEnd: true);
        return ([.. stream], expected);
    }

    // A run of k CRLFs frames greedily: k/2 pings, then a pong for an odd one out before a message;
    // at the very end an odd CRLF stays buffered (it may yet become a ping).
    private static void AddKeepAlives(Random random, List<byte> stream, List<string> expected, bool atEnd)
    {
        var crlfs = random.Next(5) == 0 ? random.Next(1, 6) : 0;
        for (var i = 0; i < crlfs; i++)
        {
            stream.Add((byte)'\r');
            stream.Add((byte)'\n');
        }

        for (var i = 0; i < crlfs / 2; i++)
        {
            expected.Add("Ping");
        }

        if (atEnd)
        {
            expected.Add("left " + (crlfs % 2 * 2));
        }
        else if (crlfs % 2 == 1)
        {
            expected.Add("Pong");
        }
    }

    private static byte[] GenerateMessage(Random random)
    {
        var body = new byte[random.Next(4) == 0 ? 0 : random.Next(0, 400)];
        random.NextBytes(body);
        if (body.Length > 8 && random.Next(2) == 0)
        {
            // Blank lines and start lines inside a body must not fool the framer.
            var decoy = "\r\n\r\nSIP/2.0 200 OK\r\n"u8;
            decoy[..Math.Min(decoy.Length, body.Length)].CopyTo(body);
        }

        var text = new StringBuilder();
        text.Append(random.Next(4) == 0
            ? $"SIP/2.0 {random.Next(100, 700)} {(random.Next(2) == 0 ? "OK" : "Reason with spaces")}\r\n"
            : $"{Methods[random.Next(Methods.Length)]} sip:user{random.Next(1000)}@192.0.2.{random.Next(256)};transport=tcp SIP/2.0\r\n");

        var headers = new List<string>
        {
            $"Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK{random.Next()}",
            $"Call-ID: {random.Next()}@lifeline",
            $"CSeq: {random.Next(1, 100)} INVITE",
        };
        for (var i = random.Next(0, 6); i > 0; i--)
        {
            headers.Add(random.Next(3) == 0
                ? $"X-Folded-{i}: first part\r\n{Spaces[random.Next(1, Spaces.Length)]}second part"
                : $"X-Header-{i}:{Spaces[random.Next(Spaces.Length)]}{RandomValue(random)}");
        }

        var name = ContentLengthNames[random.Next(ContentLengthNames.Length)];
        var fold = random.Next(5) == 0 ? "\r\n " : "";
        var leadingZeros = random.Next(6) == 0 ? "00" : "";
        var contentLength = $"{name}{Spaces[random.Next(Spaces.Length)]}:{Spaces[random.Next(Spaces.Length)]}{fold}{leadingZeros}{body.Length}{Spaces[random.Next(Spaces.Length)]}";
        headers.Insert(random.Next(headers.Count + 1), contentLength);
        if (random.Next(8) == 0)
        {
            headers.Insert(random.Next(headers.Count + 1), $"l: {body.Length}"); // a second, equal one is fine
        }

        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        text.Append("\r\n");
        return [.. Encoding.UTF8.GetBytes(text.ToString()), .. body];
    }

    private static string RandomValue(Random random)
    {
        var chars = new char[random.Next(0, 40)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(0x21, 0x7F);
        }

        return new string(chars);
    }

    private static byte[] Damage(Random random, byte[] stream)
    {
        var bytes = new List<byte>(stream);
        var damages = random.Next(1, 4);
        for (var d = 0; d < damages && bytes.Count > 0; d++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 3:
                    bytes.Insert(at, (byte)"\r\n :0123456789lL"[random.Next(16)]);
                    break;
                case 4:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 30), bytes.Count - at));
                    break;
                case 5:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(random.Next(1, 30), bytes.Count - at)));
                    break;
                default:
                    bytes.InsertRange(at, "\r\n\r\n"u8.ToArray());
                    break;
            }
        }

        return [.. bytes];
    }
}
