using System.Diagnostics.CodeAnalysis;

namespace Lifeline.Sip.Stack;

/// <summary>An opened <see cref="SipStack"/>, or why it could not open (for example, the address is in use).</summary>
public readonly struct SipStackOpenResult
{
    private SipStackOpenResult(SipStack? stack, string? error)
    {
        Stack = stack;
        Error = error;
    }

    public SipStack? Stack { get; }

    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Stack))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Stack is not null;

    public static SipStackOpenResult Success(SipStack stack) => new(stack, null);

    public static SipStackOpenResult Failure(string error) => new(null, error);
}
