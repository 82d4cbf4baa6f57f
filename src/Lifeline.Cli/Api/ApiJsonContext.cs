using System.Text.Json.Serialization;

namespace Lifeline.Cli.Api;

/// <summary>Source-generated JSON for the HTTP API, shared by the daemon and <c>lifeline status</c>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(EventsResponse))]
[JsonSerializable(typeof(ChangeResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
