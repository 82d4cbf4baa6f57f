namespace Lifeline.Sip.Transports;

/// <summary>The live counters behind <see cref="SipTransportStatistics"/>; fields so hot paths can <see cref="Interlocked"/> them.</summary>
internal sealed class SipTransportCounters
{
    public long MessagesReceived;
    public long MessagesSent;
    public long BytesReceived;
    public long BytesSent;
    public long SendFailures;
    public long OversizedDropped;
    public long KeepAlivesReceived;
    public long PingsSent;
    public long PongsSent;
    public long PongsReceived;
    public long FramingErrors;
    public long BufferOverflows;
    public long ConnectionsAccepted;
    public long ConnectionsConnected;
    public long ConnectionsClosed;
    public long ConnectionsRefused;
    public long IdleTimeouts;
    public long ConnectFailures;
    public long HandlerExceptions;
    public long ReceiveErrors;
    public long ActiveConnections;

    public SipTransportStatistics Snapshot() => new()
    {
        MessagesReceived = Volatile.Read(ref MessagesReceived),
        MessagesSent = Volatile.Read(ref MessagesSent),
        BytesReceived = Volatile.Read(ref BytesReceived),
        BytesSent = Volatile.Read(ref BytesSent),
        SendFailures = Volatile.Read(ref SendFailures),
        OversizedDropped = Volatile.Read(ref OversizedDropped),
        KeepAlivesReceived = Volatile.Read(ref KeepAlivesReceived),
        PingsSent = Volatile.Read(ref PingsSent),
        PongsSent = Volatile.Read(ref PongsSent),
        PongsReceived = Volatile.Read(ref PongsReceived),
        FramingErrors = Volatile.Read(ref FramingErrors),
        BufferOverflows = Volatile.Read(ref BufferOverflows),
        ConnectionsAccepted = Volatile.Read(ref ConnectionsAccepted),
        ConnectionsConnected = Volatile.Read(ref ConnectionsConnected),
        ConnectionsClosed = Volatile.Read(ref ConnectionsClosed),
        ConnectionsRefused = Volatile.Read(ref ConnectionsRefused),
        IdleTimeouts = Volatile.Read(ref IdleTimeouts),
        ConnectFailures = Volatile.Read(ref ConnectFailures),
        HandlerExceptions = Volatile.Read(ref HandlerExceptions),
        ReceiveErrors = Volatile.Read(ref ReceiveErrors),
        ActiveConnections = Volatile.Read(ref ActiveConnections),
    };

    /// <summary>Counts a send's outcome.</summary>
    public void CountSend(SipSendStatus status, int bytes, bool keepAlive)
    {
        if (status == SipSendStatus.Sent)
        {
            Interlocked.Add(ref BytesSent, bytes);
            if (!keepAlive)
            {
                Interlocked.Increment(ref MessagesSent);
            }
        }
        else if (status != SipSendStatus.Cancelled)
        {
            Interlocked.Increment(ref SendFailures);
        }
    }
}
