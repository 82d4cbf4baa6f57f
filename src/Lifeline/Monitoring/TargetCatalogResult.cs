using System.Diagnostics.CodeAnalysis;
using Lifeline.Config;

namespace Lifeline.Monitoring;

/// <summary>Either a catalog of targets or the configuration errors that prevented it.</summary>
internal readonly struct TargetCatalogResult
{
    private TargetCatalogResult(TargetCatalog? catalog, IReadOnlyList<ConfigError> errors)
    {
        Catalog = catalog;
        Errors = errors;
    }

    public TargetCatalog? Catalog { get; }

    public IReadOnlyList<ConfigError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Catalog))]
    public bool IsSuccess => Catalog is not null;

    public static TargetCatalogResult Success(TargetCatalog catalog) => new(catalog, []);

    public static TargetCatalogResult Failure(IReadOnlyList<ConfigError> errors) => new(null, errors);
}
