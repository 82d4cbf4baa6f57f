namespace Lifeline.Sip.Messages;

/// <summary>The SIP methods the library knows; any other token is <see cref="Extension"/>.</summary>
public enum SipMethodKind : byte
{
    /// <summary>No method (a response, or an unset value).</summary>
    None = 0,

    /// <summary>A method this library does not know; its name is kept as written.</summary>
    Extension,
    Invite,
    Ack,
    Bye,
    Cancel,
    Options,
    Register,
    Prack,
    Subscribe,
    Notify,
    Publish,
    Info,
    Refer,
    Message,
    Update,
}
