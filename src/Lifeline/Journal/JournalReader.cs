using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Lifeline.Journal;

/// <summary>
/// Reads the journal for the API and the CLI. Each call opens its own connection: in WAL mode
/// readers see every committed row and never wait for the writer. Pages are newest first (highest
/// id first) with a before-id cursor, which stays stable while new rows arrive, unlike an offset.
/// </summary>
internal sealed class JournalReader(JournalDatabase database)
{
    public const int MaxPageSize = 1000;

    /// <summary>Transitions, newest first; optionally of one target; older than <paramref name="beforeId"/> when given.</summary>
    public JournalPage<JournalTransition> ReadTransitions(string? targetId = null, long? beforeId = null, int limit = 100)
        => ReadPage("SELECT id, at, target_id, target_kind, from_state, to_state, reason, evidence_json FROM transitions", targetId, beforeId, limit,
            r => new JournalTransition(JournalTime.FromUnixMs(r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), Text(r, 7))
            {
                Id = r.GetInt64(0),
            },
            t => t.Id);

    /// <summary>Operator actions, newest first; optionally about one target.</summary>
    public JournalPage<JournalOperatorAction> ReadOperatorActions(string? targetId = null, long? beforeId = null, int limit = 100)
        => ReadPage("SELECT id, at, actor, action, target_id, detail FROM operator_actions", targetId, beforeId, limit,
            r => new JournalOperatorAction(JournalTime.FromUnixMs(r.GetInt64(1)), r.GetString(2), r.GetString(3), Text(r, 4), Text(r, 5)) { Id = r.GetInt64(0) },
            a => a.Id);

    /// <summary>Call records, newest first.</summary>
    public JournalPage<CallRecord> ReadCalls(long? beforeId = null, int limit = 100)
        => ReadPage("SELECT id, at, call_id, dialed, normalized, trunks_tried_json, final_code, final_reason, setup_ms FROM calls", null, beforeId, limit,
            r => new CallRecord(
                JournalTime.FromUnixMs(r.GetInt64(1)), r.GetString(2), r.GetString(3), Text(r, 4), r.GetString(5),
                r.IsDBNull(6) ? null : r.GetInt32(6), Text(r, 7), r.IsDBNull(8) ? null : TimeSpan.FromMilliseconds(r.GetInt64(8)))
            {
                Id = r.GetInt64(0),
            },
            c => c.Id);

    /// <summary>The stored state of every target, to restore health after a restart.</summary>
    public IReadOnlyList<TargetStateRow> ReadTargetStates()
    {
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT target_id, state_json, updated_at FROM target_state ORDER BY target_id;";
        using var reader = command.ExecuteReader();
        var rows = new List<TargetStateRow>();
        while (reader.Read())
        {
            rows.Add(new TargetStateRow(reader.GetString(0), reader.GetString(1), JournalTime.FromUnixMs(reader.GetInt64(2))));
        }

        return rows;
    }

    /// <summary>Probe minutes of one target with <paramref name="from"/> ≤ minute &lt; <paramref name="to"/>, oldest first.</summary>
    public IReadOnlyList<ProbeMinute> ReadProbeMinutes(string targetId, DateTimeOffset from, DateTimeOffset to)
    {
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT target_id, minute, sent, answered, lost, rtt_p50, rtt_p90, rtt_p99, rtt_max FROM probe_minutes "
            + "WHERE target_id = $target AND minute >= $from AND minute < $to ORDER BY minute;";
        command.Parameters.AddWithValue("$target", targetId);
        command.Parameters.AddWithValue("$from", JournalTime.ToUnixMs(from));
        command.Parameters.AddWithValue("$to", JournalTime.ToUnixMs(to));
        using var reader = command.ExecuteReader();
        var rows = new List<ProbeMinute>();
        while (reader.Read())
        {
            rows.Add(new ProbeMinute(
                reader.GetString(0), JournalTime.FromUnixMs(reader.GetInt64(1)), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4),
                JournalTime.FromMs(reader.GetValue(5)), JournalTime.FromMs(reader.GetValue(6)), JournalTime.FromMs(reader.GetValue(7)), JournalTime.FromMs(reader.GetValue(8))));
        }

        return rows;
    }

    private JournalPage<T> ReadPage<T>(string select, string? targetId, long? beforeId, int limit, Func<SqliteDataReader, T> map, Func<T, long> idOf)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        var sql = new StringBuilder(select);
        var where = " WHERE ";
        if (targetId is not null)
        {
            sql.Append(where).Append("target_id = $target");
            where = " AND ";
        }

        if (beforeId is not null)
        {
            sql.Append(where).Append("id < $before");
        }

        // One row more than asked tells whether an older page exists.
        sql.Append(" ORDER BY id DESC LIMIT ").Append((limit + 1).ToString(CultureInfo.InvariantCulture)).Append(';');
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql.ToString();
        if (targetId is not null)
        {
            command.Parameters.AddWithValue("$target", targetId);
        }

        if (beforeId is not null)
        {
            command.Parameters.AddWithValue("$before", beforeId.Value);
        }

        using var reader = command.ExecuteReader();
        var items = new List<T>(limit);
        var more = false;
        while (reader.Read())
        {
            if (items.Count == limit)
            {
                more = true;
                break;
            }

            items.Add(map(reader));
        }

        return new JournalPage<T>(items, more ? idOf(items[^1]) : null);
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
