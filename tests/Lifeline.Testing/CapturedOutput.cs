using System.Text;

namespace Lifeline.Testing;

/// <summary>
/// What a child process prints, line by line, kept for the test and its failure messages: the process's output
/// readers add lines from their own threads, and a cap keeps a chatty process from filling memory.
/// </summary>
public sealed class CapturedOutput(int limit = 1_000_000)
{
    private readonly StringBuilder _text = new();

    /// <summary>Adds one line (null, the end of the stream, is ignored); lines past the cap are dropped.</summary>
    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_text)
        {
            if (_text.Length < limit)
            {
                _text.AppendLine(line);
            }
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
