namespace Lifeline.Cli.Tests;

/// <summary>A temporary folder for configuration and journal files, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lifeline-cli-");

    public string Path => _dir.FullName;

    public string PathOf(string name) => System.IO.Path.Combine(_dir.FullName, name);

    /// <summary>Writes a file into the folder and returns its full path.</summary>
    public string Write(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            _dir.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held for a moment; the OS temp cleaner gets it.
        }
    }
}
