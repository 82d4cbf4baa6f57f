namespace Lifeline.Routing;

/// <summary>
/// The ordered list of attempts for one call. Empty <see cref="Attempts"/> means no trunk is usable for this number
/// right now; <see cref="Refusal"/> then says why, for the Reason header of the 503 the dialer gets at once.
/// </summary>
/// <param name="Dialed">The number as the dialer sent it.</param>
/// <param name="Normalized">After the normalization rules (E.164 digits, no <c>+</c>), the number sent to carriers.</param>
/// <param name="Attempts">Trunk and gateway pairs in the order to try them.</param>
/// <param name="Refusal">Why no attempt is possible; null when there are attempts.</param>
internal sealed record RoutePlan(string Dialed, string Normalized, IReadOnlyList<RouteAttempt> Attempts, string? Refusal)
{
    /// <summary>True when at least one attempt can be made.</summary>
    public bool HasAttempts => Attempts.Count > 0;
}
