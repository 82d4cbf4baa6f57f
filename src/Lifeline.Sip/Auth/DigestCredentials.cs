namespace Lifeline.Sip.Auth;

/// <summary>
/// A username and password for Digest authentication. The password is never shown:
/// <see cref="ToString"/> masks it, and it is not a record, so no generated member prints it.
/// </summary>
public sealed class DigestCredentials
{
    /// <summary>Creates credentials.</summary>
    public DigestCredentials(string username, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        Username = username;
        Password = password;
    }

    /// <summary>The username.</summary>
    public string Username { get; }

    /// <summary>The password. Kept only to compute digests; never logged.</summary>
    internal string Password { get; }

    /// <inheritdoc />
    public override string ToString() => $"DigestCredentials {{ Username = {Username}, Password = *** }}";
}
