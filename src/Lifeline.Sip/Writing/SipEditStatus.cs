namespace Lifeline.Sip.Writing;

/// <summary>Outcome of <see cref="SipMessageEditor.Apply"/>.</summary>
public enum SipEditStatus : byte
{
    /// <summary>The edited message was written.</summary>
    Applied = 0,

    /// <summary>Max-Forwards is 0: do not forward; answer 483 Too Many Hops. Nothing was written.</summary>
    MaxForwardsExhausted,

    /// <summary>Max-Forwards is not a number in 0..255. Nothing was written.</summary>
    InvalidMaxForwards,

    /// <summary>A request-only edit (Max-Forwards, Record-Route, Route, Request-URI) on a response. Nothing was written.</summary>
    NotARequest,

    /// <summary><see cref="SipMessageEdits.RemoveTopVia"/> on a message without Via. Nothing was written.</summary>
    NoVia,

    /// <summary><see cref="SipMessageEdits.PopTopRoute"/> on a message without Route. Nothing was written.</summary>
    NoRoute,

    /// <summary>An inserted value contains CR or LF. Nothing was written.</summary>
    InvalidValue,
}
