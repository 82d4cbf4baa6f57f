using System.Collections.Concurrent;
using System.Threading.Channels;
using Lifeline.Sip.Transports;

namespace Lifeline.Sip.Tests.Transports;

/// <summary>A handler that records everything a transport reports, with waits that fail loudly on timeout.</summary>
internal sealed class RecordingSipHandler : ISipMessageHandler
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly Channel<ReceivedSipMessage> _messages = Channel.CreateUnbounded<ReceivedSipMessage>();
    private readonly Channel<SipKeepAlivePong> _pongs = Channel.CreateUnbounded<SipKeepAlivePong>();
    private readonly Channel<SipConnectionClosed> _closed = Channel.CreateUnbounded<SipConnectionClosed>();

    /// <summary>Runs inside OnMessage, before the message is recorded (to throw, or to reply).</summary>
    public Action<SipInboundMessage>? OnEachMessage { get; set; }

    public ConcurrentQueue<SipTransportFault> Faults { get; } = new();

    public int MessageCount => _messages.Reader.Count;

    public void OnMessage(in SipInboundMessage message)
    {
        OnEachMessage?.Invoke(message);
        _messages.Writer.TryWrite(new ReceivedSipMessage(message.Data.ToArray(), message.Remote, message.Local, message.Connection, message.Timestamp, message.Transport));
    }

    public void OnKeepAlivePong(in SipKeepAlivePong pong) => _pongs.Writer.TryWrite(pong);

    public void OnConnectionClosed(in SipConnectionClosed closed) => _closed.Writer.TryWrite(closed);

    public void OnFault(in SipTransportFault fault) => Faults.Enqueue(fault);

    public Task<ReceivedSipMessage> NextMessageAsync(string what = "a SIP message") => ReadAsync(_messages, what);

    public Task<SipKeepAlivePong> NextPongAsync() => ReadAsync(_pongs, "a keepalive pong");

    public Task<SipConnectionClosed> NextClosedAsync() => ReadAsync(_closed, "a connection-closed notice");

    public bool TryTakeMessage(out ReceivedSipMessage? message) => _messages.Reader.TryRead(out message);

    private static async Task<T> ReadAsync<T>(Channel<T> channel, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await channel.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"waited {Patience.TotalSeconds} s for {what}, none came");
        }
    }
}
