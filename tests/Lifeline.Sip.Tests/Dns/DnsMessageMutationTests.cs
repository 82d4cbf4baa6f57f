using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using Lifeline.Sip.Dns;
using Lifeline.Testing;

namespace Lifeline.Sip.Tests.Dns;

public sealed class DnsMessageMutationTests
{
    [Fact]
    public async Task Parse_RandomMutationsOfRealAnswers_NeverThrow()
    {
        var corpus = await CaptureRealAnswersAsync();
        corpus.Count.ShouldBeGreaterThanOrEqualTo(10);
        foreach (var answer in corpus)
        {
            DnsMessageReader.Parse(answer).Error.ShouldBeNull("every captured answer reads cleanly before mutation");
        }

        var parsed = 0;
        var rejected = 0;
        var mutation = Gen.Elements(MutationKinds).SelectMany(
            kind => Gen.Choose(0, int.MaxValue).SelectMany(
                position => Gen.Choose(0, 255).Select(value => (kind, position, value))));
        var cases = Gen.Choose(0, corpus.Count - 1).SelectMany(
            index => Gen.ListOf(mutation).Select(list => (index, mutations: list.ToArray())));

        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var bytes = Mutate(corpus[c.index], c.mutations);
            var result = DnsMessageReader.Parse(bytes);
            DnsMessageReader.TryReadQuestion(bytes, out _, out _, out _, out _, out _);
            if (result.IsSuccess)
            {
                // Whatever was read is fit to use: the CNAME walk and the result must not throw either.
                DnsClient.Interpret(bytes, new IPEndPoint(IPAddress.Loopback, 53), result.Message!.QuestionName, (DnsRecordType)result.Message.QuestionType);
                Interlocked.Increment(ref parsed);
            }
            else
            {
                result.Error.ShouldNotBeNullOrEmpty();
                Interlocked.Increment(ref rejected);
            }

            return true;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), property);

        // The mutations must reach both outcomes, or the property proves little.
        parsed.ShouldBeGreaterThan(100);
        rejected.ShouldBeGreaterThan(100);
    }

    private static readonly string[] MutationKinds = ["set", "flip", "truncate", "insert", "delete", "pointer"];

    private static byte[] Mutate(byte[] original, (string Kind, int Position, int Value)[] mutations)
    {
        var bytes = new List<byte>(original);
        foreach (var (kind, position, value) in mutations)
        {
            if (bytes.Count == 0)
            {
                break;
            }

            var at = position % bytes.Count;
            switch (kind)
            {
                case "set":
                    bytes[at] = (byte)value;
                    break;
                case "flip":
                    bytes[at] ^= (byte)(1 << (value % 8));
                    break;
                case "truncate":
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case "insert":
                    bytes.Insert(at, (byte)value);
                    break;
                case "delete":
                    bytes.RemoveAt(at);
                    break;
                case "pointer":
                    // A compression pointer to a random place: the most dangerous byte pair in DNS.
                    bytes[at] = 0xC0;
                    if (at + 1 < bytes.Count)
                    {
                        bytes[at + 1] = (byte)value;
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    private static async Task<List<byte[]>> CaptureRealAnswersAsync()
    {
        var big = Enumerable.Range(1, 40).Select(i => $"host-record=big.test,10.1.0.{i}");
        using var dns = DnsmasqProcess.Start(
        [
            "local-ttl=300",
            "host-record=pbx.test,192.0.2.10,2001:db8::10",
            "cname=alias.test,pbx.test",
            "cname=alias2.test,alias.test",
            "srv-host=_sip._udp.carrier.test,sip1.carrier.test,5060,10,60",
            "srv-host=_sip._udp.carrier.test,sip2.carrier.test,5070,20,0",
            "srv-host=_sip._tcp.carrier.test,pbx.test,5060,1,0",
            "host-record=sip1.carrier.test,192.0.2.21",
            "naptr-record=carrier.test,10,50,s,SIP+D2U,,_sip._udp.carrier.test",
            "naptr-record=carrier.test,20,50,s,SIP+D2T,,_sip._tcp.carrier.test",
            "naptr-record=carrier.test,30,50,s,SIPS+D2T,,_sips._tcp.carrier.test",
            .. big,
        ]);

        (string Name, DnsRecordType Type, bool Tcp)[] questions =
        [
            ("pbx.test", DnsRecordType.A, false),
            ("pbx.test", DnsRecordType.Aaaa, false),
            ("alias2.test", DnsRecordType.A, false),
            ("alias.test", DnsRecordType.Aaaa, false),
            ("_sip._udp.carrier.test", DnsRecordType.Srv, false),
            ("_sip._tcp.carrier.test", DnsRecordType.Srv, false),
            ("carrier.test", DnsRecordType.Naptr, false),
            ("nowhere.test", DnsRecordType.A, false),
            ("pbx.test", DnsRecordType.Srv, false),
            ("big.test", DnsRecordType.A, true),
            ("carrier.test", DnsRecordType.Naptr, true),
        ];

        var answers = new List<byte[]>();
        foreach (var (name, type, tcp) in questions)
        {
            answers.Add(await AskAsync(dns.EndPoint, name, type, tcp));
        }

        return answers;
    }

    private static async Task<byte[]> AskAsync(IPEndPoint server, string name, DnsRecordType type, bool tcp)
    {
        var query = new byte[DnsQueryWriter.MaxQueryLength + 2];
        DnsQueryWriter.TryWrite(query.AsSpan(2), 0x4242, name, type, out var length).ShouldBeTrue();
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        if (!tcp)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Connect(server);
            await udp.SendAsync(query.AsMemory(2, length), SocketFlags.None, timeout.Token);
            var n = await udp.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return buffer.AsSpan(0, n).ToArray();
        }

        BinaryPrimitives.WriteUInt16BigEndian(query, (ushort)length);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server, timeout.Token);
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(query.AsMemory(0, length + 2), timeout.Token);
        await stream.ReadExactlyAsync(buffer.AsMemory(0, 2), timeout.Token);
        var size = BinaryPrimitives.ReadUInt16BigEndian(buffer);
        await stream.ReadExactlyAsync(buffer.AsMemory(0, size), timeout.Token);
        return buffer.AsSpan(0, size).ToArray();
    }
}
