using System.Globalization;

namespace Lifeline.Config;

/// <summary>An inclusive range of SIP status codes; a single code is a range of one.</summary>
internal readonly record struct StatusCodeRange(int From, int To)
{
    public bool Contains(int code) => code >= From && code <= To;

    public override string ToString() => From == To
        ? From.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{From}-{To}");
}
