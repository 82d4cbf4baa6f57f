namespace Lifeline.Cli.Tests.Commands;

/// <summary>Runs the <c>lifeline</c> command line in process and captures what it prints.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Out, string Err)> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.InvokeAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
