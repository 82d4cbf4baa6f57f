using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Tests.Messages;

internal static class SipHeaderValueEnumeratorExtensions
{
    public static List<string> ToList(this SipHeaderValueEnumerator values)
    {
        var list = new List<string>();
        foreach (var value in values)
        {
            list.Add(value.ToString());
        }

        return list;
    }
}
