namespace Lifeline.Sip.Parsing;

/// <summary>Outcome of reading one <c>;name=value</c> parameter.</summary>
internal enum SipParameterStep : byte
{
    End,
    Parameter,
    Malformed,
}
