using System.Diagnostics.CodeAnalysis;

namespace Lifeline.Config;

/// <summary>Either a loaded configuration or every error found in it, in file order.</summary>
internal readonly struct ConfigLoadResult
{
    private ConfigLoadResult(LifelineConfig? config, IReadOnlyList<ConfigError> errors)
    {
        Config = config;
        Errors = errors;
    }

    public LifelineConfig? Config { get; }

    public IReadOnlyList<ConfigError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Config))]
    public bool IsSuccess => Config is not null;

    public static ConfigLoadResult Success(LifelineConfig config) => new(config, []);

    public static ConfigLoadResult Failure(IReadOnlyList<ConfigError> errors) => new(null, errors);

    /// <summary>All errors, one per line, as printed by <c>lifeline check</c>.</summary>
    public override string ToString() => IsSuccess ? "ok" : string.Join(Environment.NewLine, Errors);
}
