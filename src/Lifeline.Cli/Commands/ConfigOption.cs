using System.CommandLine;

namespace Lifeline.Cli.Commands;

/// <summary>The <c>--config</c>/<c>-c</c> option shared by the commands that read a configuration file.</summary>
internal static class ConfigOption
{
    public static Option<string> Create() => new("--config", "-c")
    {
        Description = "The configuration file (YAML), e.g. /etc/lifeline/lifeline.yaml",
        Required = true,
    };
}
