using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Lifeline.Journal;

namespace Lifeline.Proxy;

/// <summary>
/// Appends one CSV line per call to <c>proxy.cdr.path</c> from a background task: the call path only queues the
/// record (a bounded queue; when the disk cannot keep up, records are dropped and counted, calls never wait).
/// </summary>
internal sealed class CdrFileWriter : IAsyncDisposable
{
    /// <summary>The first line of a new file.</summary>
    public const string Header = "time,call_id,dialed,normalized,final_code,final_reason,setup_ms,trunks_tried";

    private readonly Channel<CallRecord> _queue;
    private readonly Task _writer;
    private long _dropped;
    private string? _lastFailure;

    private CdrFileWriter(string path, int capacity)
    {
        Path = path;
        _queue = Channel.CreateBounded<CallRecord>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    public string Path { get; }

    /// <summary>Records not written because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The last write error, or null.</summary>
    public string? LastFailure => Volatile.Read(ref _lastFailure);

    public static CdrFileWriter Start(string path, int capacity = 65_536) => new(path, capacity);

    /// <summary>Queues a record; false (and counted) when the queue is full.</summary>
    public bool TryWrite(CallRecord record)
    {
        if (_queue.Writer.TryWrite(record))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>One CSV line (RFC 4180 quoting) for a record.</summary>
    public static string Line(CallRecord record)
    {
        var line = new StringBuilder(160);
        line.Append(record.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append(',');
        Field(line, record.CallId).Append(',');
        Field(line, record.Dialed).Append(',');
        Field(line, record.Normalized ?? string.Empty).Append(',');
        line.Append(record.FinalCode?.ToString(CultureInfo.InvariantCulture) ?? string.Empty).Append(',');
        Field(line, record.FinalReason ?? string.Empty).Append(',');
        line.Append(record.SetupTime is { } setup ? Math.Round(setup.TotalMilliseconds, 1).ToString(CultureInfo.InvariantCulture) : string.Empty).Append(',');
        Field(line, record.TrunksTriedJson);
        return line.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private static StringBuilder Field(StringBuilder line, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return line.Append(value);
        }

        return line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            try
            {
                var isNew = !File.Exists(Path) || new FileInfo(Path).Length == 0;
                await using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
                await using var text = new StreamWriter(stream, new UTF8Encoding(false));
                if (isNew)
                {
                    await text.WriteLineAsync(Header).ConfigureAwait(false);
                }

                while (reader.TryRead(out var record))
                {
                    await text.WriteLineAsync(Line(record)).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Volatile.Write(ref _lastFailure, ex.Message);
                while (reader.TryRead(out _))
                {
                    Interlocked.Increment(ref _dropped);
                }
            }
        }
    }
}
