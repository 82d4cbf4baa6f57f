namespace Lifeline.Health;

/// <summary>Lifeline's judgement of itself.</summary>
/// <param name="State">Healthy or Suspect.</param>
/// <param name="Reason">Why, e.g. "all 12 targets failed within 0.8 s: suspecting the local network"; empty when healthy.</param>
/// <param name="Since">When this state began.</param>
/// <param name="Holding">Whether targets are being held from going Down (false once <see cref="SelfHealthOptions.MaxHold"/> has passed).</param>
internal sealed record SelfHealthReport(SelfHealthState State, string Reason, DateTimeOffset Since, bool Holding)
{
    /// <summary>A healthy report from <paramref name="since"/>.</summary>
    public static SelfHealthReport Healthy(DateTimeOffset since) => new(SelfHealthState.Healthy, string.Empty, since, false);
}
