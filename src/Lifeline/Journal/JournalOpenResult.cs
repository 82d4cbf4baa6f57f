using System.Diagnostics.CodeAnalysis;

namespace Lifeline.Journal;

/// <summary>Either an open, migrated journal database or the reason it could not be opened.</summary>
internal readonly struct JournalOpenResult
{
    private JournalOpenResult(JournalDatabase? database, JournalError? error)
    {
        Database = database;
        Error = error;
    }

    public JournalDatabase? Database { get; }

    public JournalError? Error { get; }

    [MemberNotNullWhen(true, nameof(Database))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Database is not null;

    public static JournalOpenResult Success(JournalDatabase database) => new(database, null);

    public static JournalOpenResult Failure(JournalError error) => new(null, error);
}
