using Microsoft.Data.Sqlite;

namespace Lifeline.Journal;

/// <summary>
/// The journal's SQLite file, opened and migrated: the factory for the writer's and readers'
/// connections. Opening never throws for a bad file: it returns a <see cref="JournalError"/> that
/// names the file and says what to do.
/// </summary>
/// <remarks>
/// WAL mode with <c>synchronous=NORMAL</c>: a commit is appended to the WAL without an fsync, so it
/// survives the process being killed (kill -9, OOM killer, crash) — the data is in the OS page cache
/// and SQLite recovers the WAL on the next open — and the file is never corrupted. Only a power loss
/// or kernel crash can lose the last commits since the previous checkpoint. The alternative (FULL:
/// an fsync per commit) would put disk-flush latency, tens of milliseconds on busy or virtual disks,
/// in front of every batch and back the queue up into the callers, for a guarantee a journal of
/// transitions does not need: after a power loss the health state is re-learned within seconds.
/// Readers never block the writer and the writer never blocks readers.
/// </remarks>
internal sealed class JournalDatabase
{
    // SQLite primary result codes.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoErr = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteFull = 13;
    private const int SqlitePerm = 3;
    private const int SqliteNotADb = 26;

    private readonly string _connectionString;

    private JournalDatabase(string path, string connectionString)
    {
        Path = path;
        _connectionString = connectionString;
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if needed) and migrates the journal at <paramref name="path"/>.</summary>
    public static JournalOpenResult Open(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        try
        {
            var directory = System.IO.Path.GetDirectoryName(fullPath);
            if (directory is not null && !Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
            }

            // No pooling: a closed connection really closes, so the last one to close checkpoints the
            // WAL and the file can be moved or deleted (tests, operators) once Lifeline is done.
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = fullPath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = 30,
            }.ToString();

            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            var error = Migrate(connection, fullPath);
            return error is null ? JournalOpenResult.Success(new JournalDatabase(fullPath, connectionString)) : JournalOpenResult.Failure(error);
        }
        catch (SqliteException ex)
        {
            return JournalOpenResult.Failure(Describe(fullPath, ex));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return JournalOpenResult.Failure(new JournalError(fullPath, $"cannot create the journal's folder or file ({ex.Message}): check that the user running Lifeline may write there, or set journal.path"));
        }
    }

    /// <summary>A new open connection with the journal's per-connection settings.</summary>
    public SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=NORMAL;");
        return connection;
    }

    /// <summary>The schema version stored in the file.</summary>
    public int ReadSchemaVersion()
    {
        using var connection = OpenConnection();
        return Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The journal mode in force (wal).</summary>
    public string ReadJournalMode()
    {
        using var connection = OpenConnection();
        return (string)Scalar(connection, "PRAGMA journal_mode;")!;
    }

    /// <summary>Runs SQLite's integrity check; "ok" when the file is sound.</summary>
    public string CheckIntegrity()
    {
        using var connection = OpenConnection();
        return (string)Scalar(connection, "PRAGMA integrity_check;")!;
    }

    private static JournalError? Migrate(SqliteConnection connection, string path)
    {
        // Reading the header first turns "not a database" into an error here, before anything is written.
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        var applicationId = Convert.ToInt32(Scalar(connection, "PRAGMA application_id;"), System.Globalization.CultureInfo.InvariantCulture);
        if (applicationId != 0 && applicationId != JournalSchema.ApplicationId)
        {
            return new JournalError(path, "is a SQLite database of another application, not a Lifeline journal: set journal.path to another file");
        }

        if (version == 0)
        {
            var foreign = ForeignTables(connection);
            if (foreign.Count > 0)
            {
                return new JournalError(path, $"is a SQLite database but not a Lifeline journal (it has tables {string.Join(", ", foreign)}): set journal.path to another file");
            }
        }

        if (version > JournalSchema.CurrentVersion)
        {
            return new JournalError(path, $"was written by a newer Lifeline (journal schema version {version}; this one knows up to {JournalSchema.CurrentVersion}): upgrade Lifeline, or set journal.path to another file");
        }

        var mode = (string?)Scalar(connection, "PRAGMA journal_mode=WAL;");
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            return new JournalError(path, $"could not switch to WAL mode (got {mode}): keep the journal on a local file system, not a network share");
        }

        for (var next = version; next < JournalSchema.CurrentVersion; next++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, JournalSchema.Migrations[next], transaction);
            Execute(connection, $"PRAGMA application_id={JournalSchema.ApplicationId}; PRAGMA user_version={next + 1};", transaction);
            transaction.Commit();
        }

        return null;
    }

    private static List<string> ForeignTables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
        using var reader = command.ExecuteReader();
        var foreign = new List<string>();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            if (!JournalSchema.OwnObjects.Contains(name, StringComparer.Ordinal))
            {
                foreign.Add(name);
            }
        }

        return foreign;
    }

    private static JournalError Describe(string path, SqliteException ex)
    {
        var message = ex.SqliteErrorCode switch
        {
            SqliteNotADb or SqliteCorrupt =>
                $"is not a SQLite database, or is damaged ({ex.Message}). Move it aside (mv {path} {path}.bad) and start Lifeline again to begin a new journal, or set journal.path to another file",
            SqliteBusy or SqliteLocked =>
                "is locked by another process: is another Lifeline (or a sqlite3 session with an open write transaction) using the same journal.path?",
            SqliteCantOpen or SqlitePerm or SqliteReadOnly =>
                $"cannot be opened for writing ({ex.Message}): check that the folder exists and that the user running Lifeline may write the file and its -wal and -shm companions",
            SqliteFull => "the disk is full: free space, or set journal.path to another disk",
            SqliteIoErr => $"disk I/O error ({ex.Message}): check the disk and the file system",
            _ => $"SQLite error {ex.SqliteErrorCode} ({ex.Message})",
        };
        return new JournalError(path, message);
    }

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
