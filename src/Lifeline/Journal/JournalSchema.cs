namespace Lifeline.Journal;

/// <summary>
/// The journal's schema, as an ordered list of migrations. <c>PRAGMA user_version</c> holds the
/// number of migrations applied; opening a journal applies the missing ones in one transaction each.
/// Never edit a shipped migration: add a new one.
/// </summary>
internal static class JournalSchema
{
    /// <summary>Marks the file as a Lifeline journal (<c>PRAGMA application_id</c>, "LFLN").</summary>
    public const int ApplicationId = 0x4C464C4E;

    public static readonly IReadOnlyList<string> Migrations =
    [
        // 1: the initial schema. Times are Unix milliseconds UTC; RTTs are milliseconds.
        // AUTOINCREMENT keeps ids rising even after pruning empties a table, so paging cursors stay valid.
        """
        CREATE TABLE transitions (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            at            INTEGER NOT NULL,
            target_id     TEXT    NOT NULL,
            target_kind   TEXT    NOT NULL,
            from_state    TEXT    NOT NULL,
            to_state      TEXT    NOT NULL,
            reason        TEXT    NOT NULL,
            evidence_json TEXT
        );
        CREATE INDEX transitions_target ON transitions (target_id, id);
        CREATE INDEX transitions_at ON transitions (at);

        CREATE TABLE operator_actions (
            id        INTEGER PRIMARY KEY AUTOINCREMENT,
            at        INTEGER NOT NULL,
            actor     TEXT    NOT NULL,
            action    TEXT    NOT NULL,
            target_id TEXT,
            detail    TEXT
        );
        CREATE INDEX operator_actions_target ON operator_actions (target_id, id);
        CREATE INDEX operator_actions_at ON operator_actions (at);

        CREATE TABLE probe_minutes (
            target_id TEXT    NOT NULL,
            minute    INTEGER NOT NULL,
            sent      INTEGER NOT NULL,
            answered  INTEGER NOT NULL,
            lost      INTEGER NOT NULL,
            rtt_p50   REAL,
            rtt_p90   REAL,
            rtt_p99   REAL,
            rtt_max   REAL,
            PRIMARY KEY (target_id, minute)
        ) WITHOUT ROWID;
        CREATE INDEX probe_minutes_minute ON probe_minutes (minute);

        CREATE TABLE target_state (
            target_id  TEXT    PRIMARY KEY,
            state_json TEXT    NOT NULL,
            updated_at INTEGER NOT NULL
        );

        CREATE TABLE calls (
            id                INTEGER PRIMARY KEY AUTOINCREMENT,
            at                INTEGER NOT NULL,
            call_id           TEXT    NOT NULL,
            dialed            TEXT    NOT NULL,
            normalized        TEXT,
            trunks_tried_json TEXT    NOT NULL,
            final_code        INTEGER,
            final_reason      TEXT,
            setup_ms          INTEGER
        );
        CREATE INDEX calls_at ON calls (at);
        CREATE INDEX calls_call_id ON calls (call_id);

        -- Readable views for sqlite3: times as ISO-8601 UTC text.
        CREATE VIEW v_transitions AS
            SELECT id, strftime('%Y-%m-%dT%H:%M:%fZ', at / 1000.0, 'unixepoch') AS at_utc, target_id, target_kind, from_state, to_state, reason, evidence_json
            FROM transitions;
        CREATE VIEW v_operator_actions AS
            SELECT id, strftime('%Y-%m-%dT%H:%M:%fZ', at / 1000.0, 'unixepoch') AS at_utc, actor, action, target_id, detail
            FROM operator_actions;
        CREATE VIEW v_probe_minutes AS
            SELECT target_id, strftime('%Y-%m-%dT%H:%M:%SZ', minute / 1000, 'unixepoch') AS minute_utc, sent, answered, lost, rtt_p50, rtt_p90, rtt_p99, rtt_max
            FROM probe_minutes;
        CREATE VIEW v_target_state AS
            SELECT target_id, strftime('%Y-%m-%dT%H:%M:%fZ', updated_at / 1000.0, 'unixepoch') AS updated_utc, state_json
            FROM target_state;
        CREATE VIEW v_calls AS
            SELECT id, strftime('%Y-%m-%dT%H:%M:%fZ', at / 1000.0, 'unixepoch') AS at_utc, call_id, dialed, normalized, trunks_tried_json, final_code, final_reason, setup_ms
            FROM calls;
        """,

        // 2: probe_minutes clustered by minute. At 100,000 gateways a minute brings 100,000 rows; keyed by
        // (target_id, minute) each landed on its own page of the table and of the minute index (the whole table
        // rewritten through the WAL every minute). Keyed by (minute, target_id) a minute's rows are appended to the
        // end, and pruning cuts from the front. A target's rows are still found by their minute range: queries
        // bound the minutes (the reader always does).
        """
        CREATE TABLE probe_minutes_by_minute (
            minute    INTEGER NOT NULL,
            target_id TEXT    NOT NULL,
            sent      INTEGER NOT NULL,
            answered  INTEGER NOT NULL,
            lost      INTEGER NOT NULL,
            rtt_p50   REAL,
            rtt_p90   REAL,
            rtt_p99   REAL,
            rtt_max   REAL,
            PRIMARY KEY (minute, target_id)
        ) WITHOUT ROWID;
        INSERT INTO probe_minutes_by_minute (minute, target_id, sent, answered, lost, rtt_p50, rtt_p90, rtt_p99, rtt_max)
            SELECT minute, target_id, sent, answered, lost, rtt_p50, rtt_p90, rtt_p99, rtt_max FROM probe_minutes;
        DROP VIEW v_probe_minutes;
        DROP TABLE probe_minutes;
        ALTER TABLE probe_minutes_by_minute RENAME TO probe_minutes;
        CREATE VIEW v_probe_minutes AS
            SELECT target_id, strftime('%Y-%m-%dT%H:%M:%SZ', minute / 1000, 'unixepoch') AS minute_utc, sent, answered, lost, rtt_p50, rtt_p90, rtt_p99, rtt_max
            FROM probe_minutes;
        """,
    ];

    public static int CurrentVersion => Migrations.Count;

    /// <summary>The tables (and views) the journal itself creates; any other table means the file is something else.</summary>
    public static readonly IReadOnlyList<string> OwnObjects =
        ["transitions", "operator_actions", "probe_minutes", "target_state", "calls", "sqlite_sequence"];
}
