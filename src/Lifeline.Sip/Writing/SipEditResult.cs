namespace Lifeline.Sip.Writing;

/// <summary>What <see cref="SipMessageEditor.Apply"/> did.</summary>
public readonly record struct SipEditResult(SipEditStatus Status, int BytesWritten)
{
    /// <summary>True when the edited message was written.</summary>
    public bool Success => Status == SipEditStatus.Applied;
}
