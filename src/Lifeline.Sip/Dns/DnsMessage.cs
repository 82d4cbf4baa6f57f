namespace Lifeline.Sip.Dns;

/// <summary>A decoded DNS answer: header, the one question, and the records of known types.</summary>
internal sealed class DnsMessage
{
    public DnsMessage(
        ushort id,
        ushort flags,
        string questionName,
        ushort questionType,
        ushort questionClass,
        IReadOnlyList<DnsRecord> answers,
        IReadOnlyList<DnsRecord> authority,
        IReadOnlyList<DnsRecord> additional)
    {
        Id = id;
        Flags = flags;
        QuestionName = questionName;
        QuestionType = questionType;
        QuestionClass = questionClass;
        Answers = answers;
        Authority = authority;
        Additional = additional;
    }

    public ushort Id { get; }

    public ushort Flags { get; }

    public bool IsResponse => (Flags & DnsHeaderFlags.Response) != 0;

    public bool IsTruncated => (Flags & DnsHeaderFlags.Truncated) != 0;

    public DnsResponseCode ResponseCode => (DnsResponseCode)(Flags & DnsHeaderFlags.ResponseCodeMask);

    public string QuestionName { get; }

    public ushort QuestionType { get; }

    public ushort QuestionClass { get; }

    public IReadOnlyList<DnsRecord> Answers { get; }

    public IReadOnlyList<DnsRecord> Authority { get; }

    public IReadOnlyList<DnsRecord> Additional { get; }
}
