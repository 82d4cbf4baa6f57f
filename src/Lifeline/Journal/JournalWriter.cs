using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifeline.Journal;

/// <summary>
/// Writes journal rows from one background task, so callers on hot paths never touch SQLite.
/// Rows go through a bounded queue; the task takes whatever is queued (up to
/// <see cref="JournalOptions.MaxBatchSize"/> rows) and commits it in one transaction, so under load
/// many rows share a commit and at rest a row is committed at once (group commit, no timer delay).
/// Statistics rows (probe minutes, call records) are the exception: they are held up to
/// <see cref="JournalOptions.StatisticsDelay"/> (or until <see cref="JournalOptions.MaxBatchSize"/> of them wait, or
/// another row or a flush comes) and committed together, so 100,000 gateways' minute rows cost a few commits a
/// second instead of one per wake-up.
/// </summary>
/// <remarks>
/// <para>When the queue is full: transitions, operator actions and target states are never dropped,
/// their <c>…Async</c> methods wait for room (back-pressure on the health updater, which is what
/// should slow down if the disk cannot keep up); probe minutes and call records are dropped and
/// counted (<see cref="DroppedProbeMinutes"/>, <see cref="DroppedCalls"/>), because losing a
/// statistic is better than stalling a call.</para>
/// <para>A failed commit (disk full, I/O error) is retried every <see cref="JournalOptions.RetryDelay"/>
/// with the same rows, so nothing is lost while the disk recovers; meanwhile the queue fills and
/// the rules above apply.</para>
/// <para>Old rows are pruned at start and every <see cref="JournalOptions.PruneInterval"/>, in chunks
/// so no single transaction grows large. Target states are not pruned by age: a trunk drained for
/// longer than the retention must stay drained; <see cref="RemoveTargetStateAsync"/> removes them.</para>
/// </remarks>
internal sealed partial class JournalWriter : IAsyncDisposable
{
    private const int PruneChunk = 5000;
    private const int GiveUpAttemptsWhenStopping = 3;
    private static readonly TimeSpan DropReportInterval = TimeSpan.FromMinutes(1);

    private readonly JournalDatabase _database;
    private readonly JournalOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<JournalWork> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Task _pruneLoop;
    private SqliteConnection? _connection;
    private JournalStatements? _statements;
    private long _droppedProbeMinutes;
    private long _droppedCalls;
    private long _reportedDrops;
    private DateTimeOffset _lastDropReport = DateTimeOffset.MinValue;
    private volatile string? _lastFailure;
    private int _disposed;

    private JournalWriter(JournalDatabase database, JournalOptions options, TimeProvider time, ILogger logger)
    {
        _database = database;
        _options = options;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<JournalWork>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // Rows may have aged out while Lifeline was stopped: the first item is a prune, queued before
        // anything else (the queue is empty, so this cannot fail).
        _queue.Writer.TryWrite(new JournalWork(JournalWorkKind.Prune, null, new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)));
        _loop = Task.Run(RunAsync);
        _pruneLoop = Task.Run(PruneLoopAsync);
    }

    /// <summary>Starts the writer's task on an opened journal.</summary>
    public static JournalWriter Start(JournalDatabase database, JournalOptions options, TimeProvider time, ILogger<JournalWriter>? logger = null)
        => new(database, options, time, (ILogger?)logger ?? NullLogger.Instance);

    /// <summary>Probe-minute rows dropped because the queue was full.</summary>
    public long DroppedProbeMinutes => Interlocked.Read(ref _droppedProbeMinutes);

    /// <summary>Call rows dropped because the queue was full.</summary>
    public long DroppedCalls => Interlocked.Read(ref _droppedCalls);

    /// <summary>Rows waiting to be written.</summary>
    public int QueueLength => _queue.Reader.Count;

    /// <summary>The last write error while it persists (null once writes succeed again): for self-health and metrics.</summary>
    public string? LastFailure => _lastFailure;

    /// <summary>Queues a transition; never dropped: waits while the queue is full.</summary>
    public ValueTask AppendTransitionAsync(JournalTransition transition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return _queue.Writer.WriteAsync(new JournalWork(JournalWorkKind.Transition, transition), cancellationToken);
    }

    /// <summary>Queues an operator action; never dropped: waits while the queue is full.</summary>
    public ValueTask AppendOperatorActionAsync(JournalOperatorAction action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        return _queue.Writer.WriteAsync(new JournalWork(JournalWorkKind.OperatorAction, action), cancellationToken);
    }

    /// <summary>Queues the latest state of a target (replacing the stored one); never dropped.</summary>
    public ValueTask SaveTargetStateAsync(TargetStateRow state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return _queue.Writer.WriteAsync(new JournalWork(JournalWorkKind.TargetState, state), cancellationToken);
    }

    /// <summary>Forgets the stored state of a target that is no longer configured; never dropped.</summary>
    public ValueTask RemoveTargetStateAsync(string targetId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targetId);
        return _queue.Writer.WriteAsync(new JournalWork(JournalWorkKind.RemoveTargetState, targetId), cancellationToken);
    }

    /// <summary>Queues a probe minute without waiting; false (and counted) when the queue is full.</summary>
    public bool TryAppendProbeMinute(ProbeMinute minute)
    {
        ArgumentNullException.ThrowIfNull(minute);
        if (_queue.Writer.TryWrite(new JournalWork(JournalWorkKind.ProbeMinute, minute)))
        {
            return true;
        }

        Interlocked.Increment(ref _droppedProbeMinutes);
        return false;
    }

    /// <summary>Queues a call record without waiting; false (and counted) when the queue is full.</summary>
    public bool TryAppendCall(CallRecord call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (_queue.Writer.TryWrite(new JournalWork(JournalWorkKind.Call, call)))
        {
            return true;
        }

        Interlocked.Increment(ref _droppedCalls);
        return false;
    }

    /// <summary>Completes when every row queued before the call is committed (durable against a process kill).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new JournalWork(JournalWorkKind.Flush, null, done), cancellationToken).ConfigureAwait(false);
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes rows older than the retention settings now (after rows queued before); returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new JournalWork(JournalWorkKind.Prune, null, done), cancellationToken).ConfigureAwait(false);
        return await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops pruning, writes every queued row, and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _pruneLoop.ConfigureAwait(false);
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        CloseConnection();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<JournalWork>(_options.MaxBatchSize);
        var heldSince = 0L;
        Task<bool>? waiting = null;
        while (true)
        {
            // Statistics rows already in the batch are being held: wait for more rows, but no longer than their delay.
            waiting ??= reader.WaitToReadAsync().AsTask();
            if (batch.Count == 0)
            {
                await waiting.ConfigureAwait(false);
            }
            else if (!waiting.IsCompleted)
            {
                var left = _options.StatisticsDelay - _time.GetElapsedTime(heldSince);
                if (left > TimeSpan.Zero)
                {
                    await Task.WhenAny(waiting, Task.Delay(left, _time)).ConfigureAwait(false);
                }
            }

            var more = true;
            if (waiting.IsCompleted)
            {
                more = await waiting.ConfigureAwait(false);
                waiting = null;
            }

            var wasHolding = batch.Count > 0;
            var commitNow = !more;
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var work))
            {
                batch.Add(work);
                commitNow |= work.Kind is not (JournalWorkKind.ProbeMinute or JournalWorkKind.Call);
            }

            if (!wasHolding && batch.Count > 0)
            {
                heldSince = _time.GetTimestamp();
            }

            commitNow |= batch.Count >= _options.MaxBatchSize || _time.GetElapsedTime(heldSince) >= _options.StatisticsDelay;
            if (commitNow && batch.Count > 0)
            {
                await ProcessAsync(batch).ConfigureAwait(false);
                batch.Clear();
                ReportDrops();
            }

            if (!more)
            {
                return;
            }
        }
    }

    // Rows between commands are committed together; a command runs after the rows before it are committed.
    private async Task ProcessAsync(List<JournalWork> batch)
    {
        var start = 0;
        for (var i = 0; i <= batch.Count; i++)
        {
            if (i < batch.Count && batch[i].Kind is not (JournalWorkKind.Flush or JournalWorkKind.Prune))
            {
                continue;
            }

            var committed = i <= start || await CommitAsync(batch, start, i).ConfigureAwait(false);
            if (i < batch.Count)
            {
                var command = batch[i];
                if (!committed)
                {
                    command.Done!.TrySetException(new IOException("the journal could not write the rows queued before this request: " + _lastFailure));
                }
                else if (command.Kind == JournalWorkKind.Flush)
                {
                    command.Done!.TrySetResult(0);
                }
                else
                {
                    command.Done!.TrySetResult(Prune());
                }
            }

            start = i + 1;
        }
    }

    /// <summary>Writes rows [start, end) in one transaction, retrying until it succeeds (or the writer stops).</summary>
    private async Task<bool> CommitAsync(List<JournalWork> batch, int start, int end)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                WriteRows(batch, start, end);
                if (attempt > 1)
                {
                    LogWriteRecovered(_logger, attempt);
                }

                _lastFailure = null;
                return true;
            }
            catch (SqliteException ex)
            {
                _lastFailure = ex.Message;
                CloseConnection();
                if (attempt == 1 || attempt % 60 == 0)
                {
                    LogWriteFailed(_logger, attempt, end - start + _queue.Reader.Count, ex.SqliteErrorCode, ex.Message);
                }

                if (_stop.IsCancellationRequested && attempt >= GiveUpAttemptsWhenStopping)
                {
                    LogRowsLost(_logger, end - start);
                    return false;
                }
            }

            await Task.Delay(_options.RetryDelay, _time).ConfigureAwait(false);
        }
    }

    private void WriteRows(List<JournalWork> batch, int start, int end)
    {
        var connection = _connection ??= _database.OpenConnection();

        // Prepared once per connection, not per commit: compiling the statements cost more than the rows.
        var statements = _statements ??= new JournalStatements(connection);
        using var transaction = connection.BeginTransaction();
        statements.Begin(transaction);
        for (var i = start; i < end; i++)
        {
            statements.Write(batch[i]);
        }

        transaction.Commit();
    }

    private void CloseConnection()
    {
        _statements?.Dispose();
        _statements = null;
        _connection?.Dispose();
        _connection = null;
    }

    private int Prune()
    {
        try
        {
            var connection = _connection ??= _database.OpenConnection();
            var now = _time.GetUtcNow();
            var deleted = 0;
            deleted += DeleteChunked(connection, "transitions", "id", "at", now - _options.Retention);
            deleted += DeleteChunked(connection, "operator_actions", "id", "at", now - _options.Retention);
            deleted += DeleteChunked(connection, "calls", "id", "at", now - _options.CallsRetention);
            deleted += DeleteChunked(connection, "probe_minutes", "target_id, minute", "minute", now - _options.ProbeStatsRetention);
            if (deleted > 0)
            {
                LogPruned(_logger, deleted);
                JournalDatabase.Execute(connection, "PRAGMA optimize;");
            }

            return deleted;
        }
        catch (SqliteException ex)
        {
            LogPruneFailed(_logger, ex);
            return 0;
        }
    }

    private static int DeleteChunked(SqliteConnection connection, string table, string key, string timeColumn, DateTimeOffset cutoff)
    {
        using var command = connection.CreateCommand();
        var keyList = key.Contains(',', StringComparison.Ordinal) ? $"({key})" : key;
        command.CommandText = $"DELETE FROM {table} WHERE {keyList} IN (SELECT {key} FROM {table} WHERE {timeColumn} < $cutoff LIMIT {PruneChunk});";
        command.Parameters.AddWithValue("$cutoff", JournalTime.ToUnixMs(cutoff));
        var total = 0;
        int deleted;
        do
        {
            deleted = command.ExecuteNonQuery();
            total += deleted;
        }
        while (deleted == PruneChunk);
        return total;
    }

    private async Task PruneLoopAsync()
    {
        try
        {
            // No jitter on the first tick: there is one writer per process, nothing to spread out.
            using var timer = new PeriodicTimer(_options.PruneInterval, _time);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await PruneAsync(_stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (ChannelClosedException)
        {
            // Stopping.
        }
    }

    private void ReportDrops()
    {
        var probeMinutes = DroppedProbeMinutes;
        var calls = DroppedCalls;
        var total = probeMinutes + calls;
        if (total == _reportedDrops)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (now - _lastDropReport < DropReportInterval)
        {
            return;
        }

        _reportedDrops = total;
        _lastDropReport = now;
        LogDropped(_logger, probeMinutes, calls);
    }
}
