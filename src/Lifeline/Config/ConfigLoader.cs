using Lifeline.Config.Parsing;

namespace Lifeline.Config;

/// <summary>
/// Loads the YAML configuration into immutable records, or reports every problem found, each with
/// file, line, column and key path. Never throws for bad input.
/// </summary>
internal static class ConfigLoader
{
    /// <summary>Reads and loads a file. Relative paths inside it are relative to the file's folder.</summary>
    public static ConfigLoadResult Load(string path, Func<string, string?>? environment = null)
    {
        string yaml;
        try
        {
            if (Directory.Exists(path))
            {
                return Fail(path, "is a directory, not a configuration file");
            }

            yaml = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Fail(path, $"no such file (looked for {Path.GetFullPath(path)}); start from examples/lifeline.yaml");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(path, "cannot read the file: " + ex.Message);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return LoadFromString(yaml, path, environment, directory);
    }

    /// <summary>
    /// Loads configuration text. <paramref name="fileName"/> is used in messages; relative paths are
    /// resolved against <paramref name="baseDirectory"/> (default: the current directory);
    /// <paramref name="environment"/> supplies <c>${NAME}</c> values (default: the process environment).
    /// </summary>
    public static ConfigLoadResult LoadFromString(string yaml, string fileName, Func<string, string?>? environment = null, string? baseDirectory = null)
    {
        var context = new ConfigContext(fileName, baseDirectory ?? Directory.GetCurrentDirectory(), environment ?? Environment.GetEnvironmentVariable);
        var root = ConfigTreeBuilder.Build(yaml, context);
        var config = context.HasErrors ? null : ConfigParser.Parse(root, context);
        if (config is not null)
        {
            return ConfigLoadResult.Success(config);
        }

        var errors = context.Errors
            .Select((e, i) => (Error: e, Order: i))
            .OrderBy(x => x.Error.File == fileName ? 0 : 1)
            .ThenBy(x => x.Error.File, StringComparer.Ordinal)
            .ThenBy(x => x.Error.Line)
            .ThenBy(x => x.Error.Column)
            .ThenBy(x => x.Order)
            .Select(x => x.Error)
            .ToArray();
        return ConfigLoadResult.Failure(errors);
    }

    private static ConfigLoadResult Fail(string path, string message) => ConfigLoadResult.Failure([new ConfigError(path, 0, 0, string.Empty, message)]);
}
