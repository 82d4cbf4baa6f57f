namespace Lifeline.Config;

/// <summary>
/// One configuration problem: where (file, 1-based line and column; 0 when the problem has no place
/// in the file, like a missing file), which key (<c>trunks[1].gateways[0]</c>) and what was expected.
/// Prints as <c>lifeline.yaml:7:5: trunks[1].probing.interval: expected a duration like 5s or 500ms, got "fast"</c>.
/// </summary>
internal sealed record ConfigError(string File, int Line, int Column, string KeyPath, string Message)
{
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return KeyPath.Length > 0 ? $"{where}: {KeyPath}: {Message}" : $"{where}: {Message}";
    }
}
