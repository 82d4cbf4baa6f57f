namespace Lifeline.Routing;

/// <summary>A dialed number after the normalization rules.</summary>
/// <param name="Text">
/// E.164 digits without <c>+</c> when <paramref name="IsNumber"/>; otherwise what routing matched on instead: a dial
/// string with <c>*</c> or <c>#</c> (a service code), or the raw user part (<c>alice</c>).
/// </param>
/// <param name="IsNumber">Digits only: rate tables apply.</param>
internal readonly record struct NormalizedNumber(string Text, bool IsNumber);
