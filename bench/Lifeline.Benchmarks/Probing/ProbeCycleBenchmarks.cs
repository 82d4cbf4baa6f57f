using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Lifeline.Probing;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Transactions;
using Lifeline.Sip.Uris;
using Lifeline.Sip.Writing;

namespace Lifeline.Benchmarks.Probing;

/// <summary>
/// One probe's SIP work, both ways the prober could do it: the lean probe table (write the OPTIONS into a buffer,
/// parse the 200, decode the slot and token from its branch) against the RFC 3261 transaction layer (build the
/// OPTIONS, start a non-INVITE client transaction with a 2 s timeout override, hand it the 200). Sockets are left out
/// (the same for both); the gateway's 200 is a fixed message with the probe's branch patched in.
/// <code>dotnet run -c Release --project bench/Lifeline.Benchmarks -- --filter *ProbeCycle*</code>
/// </summary>
[MemoryDiagnoser]
public class ProbeCycleBenchmarks
{
    private const string LeanBranch = "z9hG4bKlf" + "00000007" + "0000000000000000";
    private const string LayerBranch = "z9hG4bK" + "xxxxxxxxxxxxxxxxxxxx";

    private readonly byte[] _buffer = new byte[2048];
    private readonly byte[] _sentBy = "192.0.2.1:5060"u8.ToArray();
    private readonly IPEndPoint _gatewayEndPoint = new(IPAddress.Parse("198.51.100.7"), 5060);
    private ProbeGateway _gateway = null!;
    private SipUri _uri = null!;
    private SipUri _from = null!;
    private byte[] _leanResponse = null!;
    private int _leanBranchAt;
    private byte[] _layerResponse = null!;
    private int _layerBranchAt;
    private SipTransactionLayer _layer = null!;
    private SipTransactionDestination _destination;
    private ulong _token;
    private uint _cseq;

    [GlobalSetup]
    public void Setup()
    {
        ProbeGateway.TryCreate("sip:198.51.100.7:5060", ProbeSettings.Default, out var gateway, out _);
        _gateway = gateway!;
        SipUri.TryParse("sip:198.51.100.7:5060", out var uri);
        SipUri.TryParse("sip:lifeline@198.51.100.7", out var from);
        _uri = uri!;
        _from = from!;
        (_leanResponse, _leanBranchAt) = Response(LeanBranch);
        (_layerResponse, _layerBranchAt) = Response(LayerBranch);
        _layer = new SipTransactionLayer(new NullSender(), new NullUser(), TimeProvider.System);
        _destination = new SipTransactionDestination(_gatewayEndPoint, IsReliable: false);
    }

    [GlobalCleanup]
    public void Cleanup() => _layer.Dispose();

    [Benchmark(Baseline = true)]
    public int LeanProbeTable()
    {
        var ticket = new ProbeTicket(7, ++_token, ++_cseq);
        var length = ProbeMessageWriter.Write(_buffer, _gateway, tcp: false, _sentBy, ticket);
        ProbeBranch.Write(_leanResponse.AsSpan(_leanBranchAt), 7, ticket.Token);
        var response = SipParser.Default.ParseDatagram(_leanResponse).Message!;
        return response.TryGetTopVia(out var via) && ProbeBranch.TryRead(via.Branch.Span, out var index, out var token) && token == ticket.Token
            ? response.StatusCode + index + length
            : -1;
    }

    [Benchmark]
    public int TransactionLayer()
    {
        var builder = SipRequests.Options(_uri, new SipSentBy("UDP", "192.0.2.1", 5060), _from, ++_cseq, userAgent: "Lifeline");
        var request = builder.ToArray();
        var transaction = _layer.StartClientTransaction(request, _destination, timeout: TimeSpan.FromSeconds(2));
        Encoding.ASCII.GetBytes(builder.Branch!, _layerResponse.AsSpan(_layerBranchAt));
        var response = SipParser.Default.ParseDatagram(_layerResponse).Message!;
        _layer.Receive(response, _destination);
        return transaction.TryGetResult(out var result) ? result.StatusCode + request.Length : -1;
    }

    private static (byte[] Bytes, int BranchAt) Response(string branch)
    {
        var text = "SIP/2.0 200 OK\r\n" +
            $"Via: SIP/2.0/UDP 192.0.2.1:5060;branch={branch};rport=5060;received=192.0.2.1\r\n" +
            "From: <sip:lifeline@198.51.100.7>;tag=0123456789abcdef\r\n" +
            "To: <sip:198.51.100.7:5060>;tag=as1f2e3d4c\r\n" +
            "Call-ID: 0123456789abcdef00000007@lifeline\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            "Server: carrier-sbc\r\n" +
            "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE\r\n" +
            "Accept: application/sdp\r\n" +
            "Content-Length: 0\r\n\r\n";
        return (Encoding.ASCII.GetBytes(text), text.IndexOf(branch, StringComparison.Ordinal));
    }

    private sealed class NullSender : ISipTransactionSender
    {
        public ValueTask<Lifeline.Sip.Transactions.SipSendResult> SendAsync(ReadOnlyMemory<byte> message, SipTransactionDestination destination, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Lifeline.Sip.Transactions.SipSendResult.Success);
    }

    private sealed class NullUser : ISipTransactionUser
    {
        public void OnRequest(SipServerTransaction transaction)
        {
        }

        public void OnAck(SipMessage ack, SipTransactionDestination source, SipServerTransaction? transaction)
        {
        }

        public void OnStrayResponse(SipMessage response, SipTransactionDestination source)
        {
        }

        public void OnServerTransactionFailed(SipServerTransaction transaction, SipServerFailure failure)
        {
        }
    }
}
