using Lifeline.Journal;

namespace Lifeline.Proxy;

/// <summary>Where finished calls' records go: the journal's calls table and, when configured, a CSV file. Never blocks.</summary>
internal sealed class ProxyRecords
{
    private readonly Func<CallRecord, bool>? _journal;
    private readonly CdrFileWriter? _file;

    public ProxyRecords(Func<CallRecord, bool>? journal, CdrFileWriter? file)
    {
        _journal = journal;
        _file = file;
    }

    public void Write(CallRecord record)
    {
        _journal?.Invoke(record);
        _file?.TryWrite(record);
    }
}
