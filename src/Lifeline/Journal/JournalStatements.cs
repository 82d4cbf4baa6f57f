using Microsoft.Data.Sqlite;

namespace Lifeline.Journal;

/// <summary>
/// The writer's insert statements on one connection, each prepared on first use and reused for every row of its
/// kind in every transaction (<see cref="Begin"/> before each).
/// </summary>
internal sealed class JournalStatements(SqliteConnection connection) : IDisposable
{
    private SqliteTransaction? _transaction;
    private SqliteCommand? _transition;
    private SqliteCommand? _operatorAction;
    private SqliteCommand? _targetState;
    private SqliteCommand? _removeTargetState;
    private SqliteCommand? _probeMinute;
    private SqliteCommand? _call;

    /// <summary>Runs the following writes in <paramref name="transaction"/>.</summary>
    public void Begin(SqliteTransaction transaction) => _transaction = transaction;

    public void Write(JournalWork work)
    {
        switch (work.Kind)
        {
            case JournalWorkKind.Transition:
                var t = (JournalTransition)work.Row!;
                Run(ref _transition,
                    "INSERT INTO transitions (at, target_id, target_kind, from_state, to_state, reason, evidence_json) VALUES ($1, $2, $3, $4, $5, $6, $7);",
                    JournalTime.ToUnixMs(t.At), t.TargetId, t.TargetKind, t.FromState, t.ToState, t.Reason, t.EvidenceJson);
                break;
            case JournalWorkKind.OperatorAction:
                var a = (JournalOperatorAction)work.Row!;
                Run(ref _operatorAction,
                    "INSERT INTO operator_actions (at, actor, action, target_id, detail) VALUES ($1, $2, $3, $4, $5);",
                    JournalTime.ToUnixMs(a.At), a.Actor, a.Action, a.TargetId, a.Detail);
                break;
            case JournalWorkKind.TargetState:
                var s = (TargetStateRow)work.Row!;
                Run(ref _targetState,
                    "INSERT INTO target_state (target_id, state_json, updated_at) VALUES ($1, $2, $3) "
                    + "ON CONFLICT (target_id) DO UPDATE SET state_json = excluded.state_json, updated_at = excluded.updated_at;",
                    s.TargetId, s.StateJson, JournalTime.ToUnixMs(s.UpdatedAt));
                break;
            case JournalWorkKind.RemoveTargetState:
                Run(ref _removeTargetState, "DELETE FROM target_state WHERE target_id = $1;", (string)work.Row!);
                break;
            case JournalWorkKind.ProbeMinute:
                var p = (ProbeMinute)work.Row!;
                Run(ref _probeMinute,
                    "INSERT INTO probe_minutes (target_id, minute, sent, answered, lost, rtt_p50, rtt_p90, rtt_p99, rtt_max) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                    + "ON CONFLICT (target_id, minute) DO UPDATE SET sent = excluded.sent, answered = excluded.answered, lost = excluded.lost, "
                    + "rtt_p50 = excluded.rtt_p50, rtt_p90 = excluded.rtt_p90, rtt_p99 = excluded.rtt_p99, rtt_max = excluded.rtt_max;",
                    p.TargetId, JournalTime.ToUnixMs(p.Minute), p.Sent, p.Answered, p.Lost,
                    JournalTime.ToMs(p.RttP50), JournalTime.ToMs(p.RttP90), JournalTime.ToMs(p.RttP99), JournalTime.ToMs(p.RttMax));
                break;
            case JournalWorkKind.Call:
                var c = (CallRecord)work.Row!;
                Run(ref _call,
                    "INSERT INTO calls (at, call_id, dialed, normalized, trunks_tried_json, final_code, final_reason, setup_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8);",
                    JournalTime.ToUnixMs(c.At), c.CallId, c.Dialed, c.Normalized, c.TrunksTriedJson, c.FinalCode, c.FinalReason,
                    c.SetupTime is { } setup ? (long)Math.Round(setup.TotalMilliseconds) : null);
                break;
            default:
                throw new InvalidOperationException("not a row: " + work.Kind);
        }
    }

    public void Dispose()
    {
        _transition?.Dispose();
        _operatorAction?.Dispose();
        _targetState?.Dispose();
        _removeTargetState?.Dispose();
        _probeMinute?.Dispose();
        _call?.Dispose();
    }

    private void Run(ref SqliteCommand? command, string sql, params object?[] values)
    {
        if (command is null)
        {
            command = connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), null));
            }

            command.Prepare();
        }

        command.Transaction = _transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }
}
