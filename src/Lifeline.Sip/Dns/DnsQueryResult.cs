namespace Lifeline.Sip.Dns;

/// <summary>
/// The outcome of one DNS query. On <see cref="DnsQueryStatus.Success"/>, <see cref="Records"/> holds
/// the records of the asked type found at the end of any CNAME chain in the answer; otherwise it is
/// empty and <see cref="Detail"/> says what went wrong.
/// </summary>
public readonly struct DnsQueryResult
{
    private readonly IReadOnlyList<DnsRecord>? _records;

    private DnsQueryResult(
        DnsQueryStatus status,
        IReadOnlyList<DnsRecord>? records,
        string? canonicalName,
        DnsResponseCode responseCode,
        TimeSpan? negativeTtl,
        string? detail)
    {
        Status = status;
        _records = records;
        CanonicalName = canonicalName;
        ResponseCode = responseCode;
        NegativeTtl = negativeTtl;
        Detail = detail;
    }

    /// <summary>How the query ended.</summary>
    public DnsQueryStatus Status { get; }

    /// <summary>The records of the asked type (empty unless <see cref="IsSuccess"/>).</summary>
    public IReadOnlyList<DnsRecord> Records => _records ?? [];

    /// <summary>The name the records belong to, after following CNAMEs; null when nothing was found.</summary>
    public string? CanonicalName { get; }

    /// <summary>The RCODE of the answer that decided the result (NoError when no answer came).</summary>
    public DnsResponseCode ResponseCode { get; }

    /// <summary>For NoData and NameError: how long the server allows the negative answer to be remembered (RFC 2308), when it said.</summary>
    public TimeSpan? NegativeTtl { get; }

    /// <summary>Why the query failed, for people (null on success).</summary>
    public string? Detail { get; }

    /// <summary>True when records were found.</summary>
    public bool IsSuccess => Status == DnsQueryStatus.Success;

    /// <summary>True when a server said for certain that there is nothing (NoData or NameError).</summary>
    public bool IsNegative => Status is DnsQueryStatus.NoData or DnsQueryStatus.NameError;

    /// <summary>A successful result with the given records.</summary>
    public static DnsQueryResult FromRecords(IReadOnlyList<DnsRecord> records, string canonicalName)
    {
        ArgumentNullException.ThrowIfNull(records);
        return new(DnsQueryStatus.Success, records, canonicalName, DnsResponseCode.NoError, null, null);
    }

    /// <summary>A negative answer: the name has no such records, or does not exist.</summary>
    public static DnsQueryResult Negative(DnsQueryStatus status, DnsResponseCode responseCode, TimeSpan? negativeTtl, string detail)
    {
        if (status is not (DnsQueryStatus.NoData or DnsQueryStatus.NameError))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "a negative answer is NoData or NameError");
        }

        return new(status, null, null, responseCode, negativeTtl, detail);
    }

    /// <summary>A failure: no usable answer.</summary>
    public static DnsQueryResult Failure(DnsQueryStatus status, string detail, DnsResponseCode responseCode = DnsResponseCode.NoError)
    {
        if (status is DnsQueryStatus.Success or DnsQueryStatus.NoData or DnsQueryStatus.NameError)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "use FromRecords or Negative");
        }

        return new(status, null, null, responseCode, null, detail);
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsSuccess ? $"{Status}: {Records.Count} record(s) at {CanonicalName}" : $"{Status}: {Detail}";
}
