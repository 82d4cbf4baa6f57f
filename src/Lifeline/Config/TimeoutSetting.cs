namespace Lifeline.Config;

/// <summary>A timeout written as <c>auto</c> (adaptive from the measured round-trip time) or a fixed duration.</summary>
internal readonly record struct TimeoutSetting(bool IsAuto, TimeSpan Fixed)
{
    public static TimeoutSetting Auto { get; } = new(true, TimeSpan.Zero);

    public static TimeoutSetting Of(TimeSpan value) => new(false, value);

    public override string ToString() => IsAuto ? "auto" : DurationText.Format(Fixed);
}
