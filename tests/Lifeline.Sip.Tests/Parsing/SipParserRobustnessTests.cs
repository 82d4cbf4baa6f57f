using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Writing;
using Xunit.Abstractions;

using Lifeline.Sip.Tests.Messages;

namespace Lifeline.Sip.Tests.Parsing;

/// <summary>
/// Property test: one million random mutations of valid messages (truncations, byte flips,
/// insertions, deletions, duplicated ranges, oversized values, 64 KiB headers, repeated CR LFs,
/// random bytes, structural characters) never make the parser, the validator, any typed
/// accessor, the response builder or the proxy editor throw, and never hang. Half the cases
/// come from a fixed seed, half from a seed chosen for this run; a failure prints the seed,
/// the case number and the input so it can be replayed (set LIFELINE_SIP_FUZZ_SEED to rerun
/// one seed).
/// </summary>
public sealed class SipParserRobustnessTests(ITestOutputHelper output)
{
    private const int TotalMutations = 1_000_000;
    private const int FixedSeed = 4475;
    private const int ChunkSize = 10_000;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    private const string Structure = ";,:\"<>[]=@?\\ \t\r\n%/*";

    private static readonly byte[][] Seeds = BuildSeeds();

    private static readonly SipParser Unlimited = new(new SipParserOptions { MaxMessageSize = 1 << 20, MaxHeaderCount = 1 << 16 });

    [Fact]
    public async Task ParseAndReadEverything_OneMillionMutations_NeverThrowsNorHangs()
    {
        var runSeed = int.TryParse(Environment.GetEnvironmentVariable("LIFELINE_SIP_FUZZ_SEED"), out var forced) ? forced : Random.Shared.Next();
        var chunks = TotalMutations / ChunkSize;
        var failures = new ConcurrentQueue<string>();
        var progress = new long[chunks];
        var started = new long[chunks];
        var clock = Stopwatch.StartNew();

        using var cancel = new CancellationTokenSource();
        var watchdog = Task.Run(async () =>
        {
            while (!cancel.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, CancellationToken.None);
                for (var c = 0; c < chunks; c++)
                {
                    var last = Interlocked.Read(ref progress[c]);
                    if (Interlocked.Read(ref started[c]) > 0 && last > 0 && clock.ElapsedTicks - last > HangLimit.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond)
                    {
                        failures.Enqueue($"chunk {c} made no progress for {HangLimit}: hang");
                        cancel.Cancel();
                    }
                }
            }
        });

        await Task.Run(() => Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (chunk, state) =>
        {
            var baseSeed = chunk < chunks / 2 ? FixedSeed : runSeed;
            var random = new Random(HashCode.Combine(baseSeed, chunk));
            using var writer = new PooledBufferWriter(4096);
            Interlocked.Exchange(ref started[chunk], 1);
            for (var i = 0; i < ChunkSize && failures.IsEmpty; i++)
            {
                Interlocked.Exchange(ref progress[chunk], clock.ElapsedTicks);
                var (input, mutation) = Mutate(random);
                try
                {
                    Exercise(input, writer);
                }
                catch (Exception ex)
                {
                    failures.Enqueue($"seed {baseSeed} chunk {chunk} case {i} ({mutation}): {ex.GetType().Name}: {ex.Message}\n" +
                        $"input (base64, first 4 KiB): {Convert.ToBase64String(input.AsSpan(0, Math.Min(4096, input.Length)))}\n{ex.StackTrace}");
                    state.Stop();
                }
            }

            Interlocked.Exchange(ref progress[chunk], 0);
        }));

        await cancel.CancelAsync();
        await watchdog;
        output.WriteLine($"{TotalMutations} mutations (fixed seed {FixedSeed}, run seed {runSeed}) in {clock.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores");
        failures.ShouldBeEmpty($"run seed {runSeed}: {string.Join("\n", failures.Take(3))}");
    }

    [Fact]
    public void Exercise_OnEverySeedMessage_ReadsThemWithoutErrors()
    {
        // The property above is only meaningful if the seeds themselves reach the deep paths.
        using var writer = new PooledBufferWriter();
        var parsed = 0;
        foreach (var seed in Seeds)
        {
            if (SipParser.Default.ParseDatagram(seed).Success)
            {
                parsed++;
            }

            Exercise(seed, writer);
        }

        parsed.ShouldBeGreaterThan(Seeds.Length * 3 / 4);
    }

    private static void Exercise(byte[] input, PooledBufferWriter writer)
    {
        var parser = SipParser.Default;
        _ = parser.Frame(input);
        var result = parser.ParseDatagram(input);
        if (!result.Success)
        {
            _ = result.Error.ToString();
            return;
        }

        var m = result.Message;
        _ = m.Validate().ToString();
        if (m.Length < 2048)
        {
            _ = m.ToString();
        }

        _ = m.StartLine.ToString();
        _ = m.ReasonPhrase.ToString();
        if (m.TryGetRequestUri(out var uri))
        {
            _ = uri.ToString();
            _ = uri.IsEquivalentTo(uri);
            _ = uri.Transport;
            _ = uri.Ttl;
        }

        foreach (var header in m.Headers)
        {
            _ = header.GetName();
            _ = header.GetValue();
        }

        foreach (var via in m.Vias)
        {
            _ = via.SentBy;
            _ = via.Branch.ToString();
            _ = via.Received.ToString();
            _ = via.HasMagicCookie;
            foreach (var parameter in via.Parameters)
            {
                _ = parameter.GetValue();
            }
        }

        ReadNameAddr(m.TryGetFrom(out var from), from);
        ReadNameAddr(m.TryGetTo(out var to), to);
        foreach (var contact in m.Contacts)
        {
            ReadNameAddr(true, contact);
            _ = contact.TryGetExpires(out _);
            _ = contact.TryGetQ(out _);
        }

        foreach (var route in m.Routes)
        {
            ReadNameAddr(true, route);
        }

        foreach (var route in m.RecordRoutes)
        {
            ReadNameAddr(true, route);
        }

        _ = m.TryGetCSeq(out var cseq) ? cseq.ToString() : null;
        _ = m.CallId.ToString();
        _ = m.TopViaBranch.ToString();
        _ = m.TryGetMaxForwards(out _);
        _ = m.TryGetExpires(out _);
        if (m.TryGetChallenge(out var challenge))
        {
            _ = (challenge.Realm, challenge.Nonce, challenge.Opaque, challenge.Algorithm, challenge.Stale, challenge.QopOptions.Count);
        }

        if (m.TryGetCredentials(out var credentials))
        {
            _ = (credentials.Username, credentials.Response, credentials.Uri, credentials.NonceCount);
        }

        if (m.IsRequest)
        {
            _ = SipResponses.Create(m, 400).ToArray();
            _ = SipRequests.TryCreateCancel(m, out var cancel) ? cancel!.ToArray() : null;
        }

        writer.Clear();
        var edits = m.IsRequest
            ? new SipMessageEdits
            {
                PrependVia = "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKfuzz"u8.ToArray(),
                DecrementMaxForwards = true,
                RecordRoute = "<sip:192.0.2.1;lr>"u8.ToArray(),
                PopTopRoute = m.Contains(SipHeaderId.Route),
                RequestUri = "sip:next@192.0.2.2"u8.ToArray(),
            }
            : new SipMessageEdits { RemoveTopVia = true };
        var edit = SipMessageEditor.Apply(m, edits, writer);
        if (edit.Success)
        {
            // A message that parsed must still parse after a proxy's edits, with its body intact
            // (the edits add a few lines, so the limits are raised for this check).
            var again = Unlimited.ParseDatagram(writer.WrittenMemory.ToArray());
            if (!again.Success || !again.Message!.Body.Span.SequenceEqual(m.Body.Span))
            {
                throw new InvalidOperationException($"edited message does not parse back: {again.Error}");
            }
        }
    }

    private static void ReadNameAddr(bool present, SipNameAddr value)
    {
        if (!present)
        {
            return;
        }

        _ = value.GetDisplayName();
        _ = value.Tag.ToString();
        if (value.TryGetUri(out var uri))
        {
            _ = uri.ToString();
            _ = uri.User;
        }

        foreach (var parameter in value.Parameters)
        {
            _ = parameter.GetValue();
        }
    }

    private static (byte[] Input, string Mutation) Mutate(Random random)
    {
        var seed = Seeds[random.Next(Seeds.Length)];
        switch (random.Next(14))
        {
            case 0:
                return (seed[..random.Next(seed.Length + 1)], "truncate");
            case 1:
            {
                var bytes = (byte[])seed.Clone();
                for (var n = random.Next(1, 8); n > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return (bytes, "flip bytes");
            }

            case 2:
            {
                var bytes = (byte[])seed.Clone();
                for (var n = random.Next(1, 8); n > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return (bytes, "flip bits");
            }

            case 3:
            {
                var bytes = seed;
                for (var n = random.Next(1, 6); n > 0; n--)
                {
                    bytes = Insert(bytes, random.Next(bytes.Length + 1), [(byte)random.Next(256)]);
                }

                return (bytes, "insert bytes");
            }

            case 4:
            {
                var at = random.Next(seed.Length);
                var length = Math.Min(seed.Length - at, random.Next(1, 40));
                return ([.. seed.AsSpan(0, at), .. seed.AsSpan(at + length)], "delete range");
            }

            case 5:
            {
                var at = random.Next(seed.Length);
                var length = Math.Min(seed.Length - at, random.Next(1, 200));
                return (Insert(seed, random.Next(seed.Length + 1), seed.AsSpan(at, length)), "duplicate range");
            }

            case 6:
            {
                var bytes = seed;
                for (var n = random.Next(1, 6); n > 0; n--)
                {
                    bytes = Insert(bytes, random.Next(bytes.Length + 1), [(byte)Structure[random.Next(Structure.Length)]]);
                }

                return (bytes, "insert structure characters");
            }

            case 7:
            {
                var header = new byte[random.Next(1000, 66_000)];
                header.AsSpan().Fill((byte)'a');
                "X-Big: "u8.CopyTo(header);
                "\r\n"u8.CopyTo(header.AsSpan(header.Length - 2));
                return (Insert(seed, IndexOfLineStart(seed, random), header), "64 KiB header");
            }

            case 8:
            {
                var run = new byte[random.Next(1, 3000)];
                run.AsSpan().Fill((byte)'9');
                return (Insert(seed, random.Next(seed.Length + 1), run), "oversized value");
            }

            case 9:
            {
                var crlf = new byte[2 * random.Next(1, 200)];
                for (var i = 0; i < crlf.Length; i += 2)
                {
                    crlf[i] = (byte)'\r';
                    crlf[i + 1] = (byte)'\n';
                }

                return (Insert(seed, random.Next(seed.Length + 1), crlf), "repeated CRLF");
            }

            case 10:
            {
                var bytes = new byte[random.Next(0, 2000)];
                random.NextBytes(bytes);
                return (bytes, "random bytes");
            }

            case 11:
            {
                var value = InsertedHeaders[random.Next(InsertedHeaders.Length)];
                return (Insert(seed, IndexOfLineStart(seed, random), value), "inserted header");
            }

            case 12:
            {
                var other = Seeds[random.Next(Seeds.Length)];
                return ([.. seed.AsSpan(0, random.Next(seed.Length)), .. other.AsSpan(random.Next(other.Length))], "splice");
            }

            default:
            {
                // Several mutations stacked.
                var (bytes, mutation) = Mutate(random);
                if (bytes.Length > 0)
                {
                    bytes = (byte[])bytes.Clone();
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return (bytes, "stacked " + mutation);
            }
        }
    }

    private static readonly byte[][] InsertedHeaders =
    [
        .. new[]
        {
            "Content-Length: 99999999999\r\n", "Content-Length: -1\r\n", "l: 0\r\n", "Max-Forwards: 256\r\n",
            "CSeq: 99999999999999999999 INVITE\r\n", "Via: SIP/2.0/UDP [::1\r\n", "Contact: *\r\n", "Route: <sip:a;lr>,,,<\r\n",
            " folded\r\n", "Via: ,,,\r\n", "From: \"unterminated <sip:a@b>\r\n", "WWW-Authenticate: Digest realm=\"a\", ,\r\n",
        }.Select(Encoding.ASCII.GetBytes),
    ];

    private static byte[] Insert(byte[] bytes, int at, ReadOnlySpan<byte> insert) => [.. bytes.AsSpan(0, at), .. insert, .. bytes.AsSpan(at)];

    private static int IndexOfLineStart(byte[] bytes, Random random)
    {
        for (var tries = 0; tries < 20 && bytes.Length > 0; tries++)
        {
            var at = random.Next(bytes.Length);
            if (at > 0 && bytes[at - 1] == (byte)'\n')
            {
                return at;
            }
        }

        return bytes.Length;
    }

    private static byte[][] BuildSeeds()
    {
        var seeds = new List<byte[]>
        {
            SipSamples.Bytes(SipSamples.Invite),
            SipSamples.Bytes(SipSamples.Ok),
            SipSamples.Bytes(
                "SIP/2.0 407 Proxy Authentication Required\r\n" +
                "Via: SIP/2.0/TCP [2001:db8::1]:5061;branch=z9hG4bKx;rport=5061;received=[2001:db8::2]\r\n" +
                "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: q@w\r\nCSeq: 2 INVITE\r\n" +
                "Proxy-Authenticate: Digest realm=\"carrier\", nonce=\"abc\", opaque=\"o\", algorithm=MD5, qop=\"auth,auth-int\", stale=TRUE\r\n" +
                "Content-Length: 0\r\n\r\n"),
            SipSamples.Bytes(
                "REGISTER sip:registrar.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.1.1.1;branch=z9hG4bKr\r\nMax-Forwards: 70\r\n" +
                "From: <sip:trunk@example.com>;tag=9\r\nTo: <sip:trunk@example.com>\r\nCall-ID: r@1\r\nCSeq: 7 REGISTER\r\n" +
                "Contact: <sip:trunk@10.1.1.1>;expires=3600;q=0.5, \"x\" <tel:+1-555-0100;ext=1>\r\n" +
                "Authorization: Digest username=\"trunk\", realm=\"carrier\", nonce=\"abc\", uri=\"sip:registrar.example.com\", response=\"0123\", nc=00000001, cnonce=\"c\", qop=auth\r\n" +
                "Expires: 3600\r\nContent-Length: 0\r\n\r\n"),
        };
        foreach (var file in Directory.GetFiles(Path.Combine(TortureCorpus.Directory, "Rfc4475"), "*.dat"))
        {
            seeds.Add(File.ReadAllBytes(file));
        }

        foreach (var file in Directory.GetFiles(Path.Combine(TortureCorpus.Directory, "Rfc5118"), "*.dat"))
        {
            seeds.Add(File.ReadAllBytes(file));
        }

        return [.. seeds];
    }
}
