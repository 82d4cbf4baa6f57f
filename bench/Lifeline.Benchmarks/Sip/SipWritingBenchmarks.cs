using BenchmarkDotNet.Attributes;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Writing;

namespace Lifeline.Benchmarks.Sip;

/// <summary>Building a response from a request, and the proxy's in-place forwarding edit.</summary>
[MemoryDiagnoser]
public class SipWritingBenchmarks
{
    private readonly PooledBufferWriter _writer = new(4096);
    private SipMessage _invite = null!;
    private SipMessageEdits _edits;

    [GlobalSetup]
    public void Setup()
    {
        _invite = SipParser.Default.ParseDatagram(SipCorpus.Invite).Message!;
        _edits = new SipMessageEdits
        {
            PrependVia = "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKlifeline.1a2b3c"u8.ToArray(),
            DecrementMaxForwards = true,
            RecordRoute = "<sip:192.0.2.10;lr>"u8.ToArray(),
            RequestUri = "sip:+15551234567@gw2.carrier.example.com:5060;user=phone"u8.ToArray(),
        };
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    /// <summary>A 503 with a Reason header built from the INVITE and serialized.</summary>
    [Benchmark]
    public int Serialize503FromInvite()
    {
        _writer.Clear();
        return SipResponses.Create(_invite, 503, toTag: "lf8a7s6d5f").AddReason("SIP", 503, "no trunk").WriteTo(_writer);
    }

    /// <summary>Prepend Via, decrement Max-Forwards, add Record-Route, replace the Request-URI: one copy pass.</summary>
    [Benchmark]
    public int ProxyEditInvite()
    {
        _writer.Clear();
        return SipMessageEditor.Apply(_invite, _edits, _writer).BytesWritten;
    }

    /// <summary>The whole forwarding step: parse the received INVITE and write the edited copy.</summary>
    [Benchmark]
    public int ParseAndProxyEditInvite()
    {
        _writer.Clear();
        var m = SipParser.Default.ParseDatagram(SipCorpus.Invite).Message!;
        return SipMessageEditor.Apply(m, _edits, _writer).BytesWritten;
    }
}
