namespace Lifeline.Routing;

/// <summary>A <c>proxy.routes[]</c> pin with its trunks resolved to the planner's indices.</summary>
/// <param name="Prefix">The prefix of the normalized number, without a leading <c>+</c>.</param>
/// <param name="Trunks">Indices of the pinned trunks that are enabled, in the pinned order.</param>
/// <param name="Names">Every pinned trunk name as configured (for refusal reasons).</param>
/// <param name="Length">Exact length of the normalized number; null = any.</param>
internal sealed record ResolvedPin(string Prefix, int[] Trunks, IReadOnlyList<string> Names, int? Length = null)
{
    /// <summary>Whether the pin applies to the normalized number <paramref name="text"/>.</summary>
    public bool Matches(string text) => text.StartsWith(Prefix, StringComparison.Ordinal) && (Length is not { } exact || text.Length == exact);
}
