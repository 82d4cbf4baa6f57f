using Lifeline.Journal;
using Microsoft.Data.Sqlite;

namespace Lifeline.Tests.Journal;

public sealed class JournalDatabaseTests : IDisposable
{
    private readonly JournalTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Open_NewFile_CreatesCurrentSchemaInWalMode()
    {
        var db = _folder.Open();

        db.ReadSchemaVersion().ShouldBe(JournalSchema.CurrentVersion);
        db.ReadJournalMode().ShouldBe("wal");
        db.CheckIntegrity().ShouldBe("ok");
        TableNames(db.Path).ShouldBe(["calls", "operator_actions", "probe_minutes", "sqlite_sequence", "target_state", "transitions"]);
    }

    [Fact]
    public void Open_EmptyFileAtVersionZero_MigratesToCurrent()
    {
        var path = _folder.PathOf("empty.db");
        File.WriteAllBytes(path, []);

        var result = JournalDatabase.Open(path);

        result.IsSuccess.ShouldBeTrue(result.Error?.ToString());
        result.Database.ReadSchemaVersion().ShouldBe(JournalSchema.CurrentVersion);
        TableNames(path).ShouldContain("transitions");
    }

    [Fact]
    public async Task Open_Reopen_KeepsRowsAndDoesNotMigrateAgain()
    {
        var db = _folder.Open();
        await using (var writer = JournalWriter.Start(db, new JournalOptions(), new Lifeline.Testing.ManualTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000))))
        {
            await writer.AppendTransitionAsync(new JournalTransition(DateTimeOffset.UnixEpoch.AddDays(20000), "gw1", "gateway", "Up", "Suspect", "probe timed out"));
        }

        var again = _folder.Open();

        again.ReadSchemaVersion().ShouldBe(JournalSchema.CurrentVersion);
        new JournalReader(again).ReadTransitions().Items.ShouldHaveSingleItem().Reason.ShouldBe("probe timed out");
    }

    [Fact]
    public void Open_NotASqliteFile_ReturnsErrorNamingFileAndWhatToDo()
    {
        var path = _folder.PathOf("notes.db");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("this is a text file, not a database\n", 200)));

        var result = JournalDatabase.Open(path);

        result.IsSuccess.ShouldBeFalse();
        result.Error.Path.ShouldBe(path);
        result.Error.Message.ShouldContain("is not a SQLite database, or is damaged");
        result.Error.Message.ShouldContain($"mv {path} {path}.bad");
        result.Error.ToString().ShouldStartWith($"journal {path}: ");
        File.ReadAllText(path).ShouldStartWith("this is a text file");
    }

    [Fact]
    public void Open_NewerSchemaVersion_ReturnsUpgradeError()
    {
        var path = _folder.PathOf("future.db");
        _folder.Open("future.db");
        Execute(path, "PRAGMA user_version = 99;");

        var result = JournalDatabase.Open(path);

        result.IsSuccess.ShouldBeFalse();
        result.Error.Message.ShouldContain("newer Lifeline (journal schema version 99");
    }

    [Fact]
    public void Open_OtherApplicationsSqliteFile_RefusesToTouchIt()
    {
        var path = _folder.PathOf("crm.db");
        Execute(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);");

        var result = JournalDatabase.Open(path);

        result.IsSuccess.ShouldBeFalse();
        result.Error.Message.ShouldContain("not a Lifeline journal (it has tables customers)");
        TableNames(path).ShouldBe(["customers"]);
    }

    [Fact]
    public void Open_FolderMissing_CreatesIt()
    {
        var path = _folder.PathOf(Path.Combine("var", "lib", "lifeline.db"));

        var result = JournalDatabase.Open(path);

        result.IsSuccess.ShouldBeTrue(result.Error?.ToString());
        File.Exists(path).ShouldBeTrue();
    }

    [Fact]
    public void Open_VersionOneJournalWithProbeMinutes_KeepsThemClusteredByMinute()
    {
        var path = _folder.PathOf("v1.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = JournalSchema.Migrations[0]
                + $"PRAGMA application_id={JournalSchema.ApplicationId}; PRAGMA user_version=1;"
                + "INSERT INTO probe_minutes VALUES ('gw', 1772366400000, 2, 1, 1, 30.5, 41, 55, 60);"
                + "INSERT INTO probe_minutes VALUES ('gw', 1772366460000, 2, 2, 0, NULL, NULL, NULL, NULL);";
            command.ExecuteNonQuery();
        }

        var result = JournalDatabase.Open(path);

        result.IsSuccess.ShouldBeTrue(result.Error?.ToString());
        result.Database!.ReadSchemaVersion().ShouldBe(JournalSchema.CurrentVersion);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1772366400000);
        new JournalReader(result.Database).ReadProbeMinutes("gw", at, at.AddMinutes(2)).ShouldBe([
            new ProbeMinute("gw", at, 2, 1, 1, TimeSpan.FromMilliseconds(30.5), TimeSpan.FromMilliseconds(41), TimeSpan.FromMilliseconds(55), TimeSpan.FromMilliseconds(60)),
            new ProbeMinute("gw", at.AddMinutes(1), 2, 2, 0, null, null, null, null),
        ]);
        Scalar(path, "SELECT count(*) FROM v_probe_minutes;").ShouldBe(2L);
        Scalar(path, "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('probe_minutes') WHERE pk > 0 ORDER BY pk);").ShouldBe("minute,target_id");
    }

    internal static List<string> TableNames(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
