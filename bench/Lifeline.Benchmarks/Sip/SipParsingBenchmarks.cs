using BenchmarkDotNet.Attributes;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;

namespace Lifeline.Benchmarks.Sip;

/// <summary>Indexing parse of the corpus, and parse plus the reads a transaction layer does.</summary>
[MemoryDiagnoser]
public class SipParsingBenchmarks
{
    private readonly SipParser _parser = SipParser.Default;
    private readonly ReadOnlyMemory<byte> _invite = SipCorpus.Invite;
    private readonly ReadOnlyMemory<byte> _ok = SipCorpus.Ok;
    private readonly ReadOnlyMemory<byte> _options = SipCorpus.Options;

    [GlobalSetup]
    public void Setup()
    {
        // A benchmark of a message that fails to parse would measure the error path.
        foreach (var message in new[] { _invite, _ok, _options })
        {
            var result = _parser.ParseDatagram(message);
            if (!result.Success || result.Message.Validate().IsError)
            {
                throw new InvalidOperationException($"corpus message does not parse: {result.Error}");
            }
        }
    }

    [Benchmark(Baseline = true)]
    public SipMessage? ParseInvite() => _parser.ParseDatagram(_invite).Message;

    [Benchmark]
    public SipMessage? Parse200Ok() => _parser.ParseDatagram(_ok).Message;

    [Benchmark]
    public SipMessage? ParseOptions() => _parser.ParseDatagram(_options).Message;

    /// <summary>Parse, then read the top Via (branch, sent-by), CSeq, Call-ID and From tag, as bytes.</summary>
    [Benchmark]
    public int ParseInviteAndReadTypedHeaders()
    {
        var m = _parser.ParseDatagram(_invite).Message!;
        m.TryGetTopVia(out var via);
        m.TryGetCSeq(out var cseq);
        m.TryGetFrom(out var from);
        return via.Branch.Length + via.Host.Length + (int)cseq.Sequence + m.CallId.Length + from.Tag.Length;
    }

    /// <summary>Parse and fully validate (every known header's grammar).</summary>
    [Benchmark]
    public bool ParseInviteAndValidate() => _parser.ParseDatagram(_invite).Message!.Validate().IsError;
}
