using Lifeline.Journal;

namespace Lifeline.Tests.Journal;

/// <summary>A temporary folder for journal files, deleted on dispose.</summary>
internal sealed class JournalTestFolder : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lifeline-journal-");

    public string PathOf(string name) => Path.Combine(_dir.FullName, name);

    public JournalDatabase Open(string name = "lifeline.db")
    {
        var result = JournalDatabase.Open(PathOf(name));
        result.IsSuccess.ShouldBeTrue(result.Error?.ToString());
        return result.Database!;
    }

    public void Dispose()
    {
        try
        {
            _dir.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A child process killed by a test may still hold a file for a moment; the OS temp cleaner gets it.
        }
    }
}
