using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeline.Cli.Api;

/// <summary>
/// The API's JSON: the source-generated <see cref="ApiJsonContext"/> with relaxed escaping, so reasons read as
/// written ("Bearer &lt;token&gt;", quotes) in curl output. The API serves JSON only, never HTML, so nothing needs
/// escaping for a browser.
/// </summary>
internal static class ApiJson
{
    public static ApiJsonContext Context { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
