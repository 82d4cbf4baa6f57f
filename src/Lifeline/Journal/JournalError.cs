namespace Lifeline.Journal;

/// <summary>Why the journal could not be opened, naming the file and saying what to do.</summary>
internal sealed record JournalError(string Path, string Message)
{
    public override string ToString() => $"journal {Path}: {Message}";
}
