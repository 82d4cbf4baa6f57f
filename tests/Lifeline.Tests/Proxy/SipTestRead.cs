using Lifeline.Sip.Messages;

namespace Lifeline.Tests.Proxy;

/// <summary>Header values of a message as lists of strings, for assertions.</summary>
internal static class SipTestRead
{
    public static List<string> Vias(SipMessage message)
    {
        var list = new List<string>();
        foreach (var via in message.Vias)
        {
            list.Add(via.ToString());
        }

        return list;
    }

    public static List<string> RecordRoutes(SipMessage message)
    {
        var list = new List<string>();
        foreach (var value in message.RecordRoutes)
        {
            list.Add(value.ToString());
        }

        return list;
    }

    public static List<string> Routes(SipMessage message)
    {
        var list = new List<string>();
        foreach (var value in message.Routes)
        {
            list.Add(value.ToString());
        }

        return list;
    }
}
