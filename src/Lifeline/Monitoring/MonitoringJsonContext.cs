using System.Text.Json.Serialization;
using Lifeline.Health;

namespace Lifeline.Monitoring;

/// <summary>JSON of what the monitor persists: target states (restored after a restart) and transition evidence.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TargetHealthSnapshot))]
[JsonSerializable(typeof(JournalEvidence))]
internal sealed partial class MonitoringJsonContext : JsonSerializerContext;
