using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lifeline.Sip.Auth;

/// <summary>
/// Answers Digest challenges (RFC 2617, RFC 7616; RFC 3261 section 22) for one set of credentials:
/// MD5, MD5-sess, SHA-256 and SHA-256-sess, qop=auth or auth-int, and the RFC 2069 form without qop.
/// It remembers the latest nonce of each realm and counts its uses (nc), so later requests can reuse
/// it with <see cref="RespondAgain"/>; a new nonce (for example after a <c>stale=true</c> challenge)
/// starts the count again at 1 with a new cnonce. Thread-safe. The password never leaves this object
/// except inside the hash.
/// </summary>
public sealed class DigestClient
{
    private const int CnonceBytes = 16;

    private readonly DigestCredentials _credentials;
    private readonly Func<string> _cnonceSource;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DigestNonceState> _realms = new(StringComparer.Ordinal);

    /// <summary>Creates a client for these credentials.</summary>
    /// <param name="credentials">Username and password.</param>
    /// <param name="cnonceSource">Makes client nonces; by default 16 random bytes from the system's
    /// cryptographic generator, in hex. Tests pass a fixed one.</param>
    public DigestClient(DigestCredentials credentials, Func<string>? cnonceSource = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
        _cnonceSource = cnonceSource ?? NewCnonce;
    }

    /// <summary>The username answers are made for.</summary>
    public string Username => _credentials.Username;

    /// <summary>
    /// Answers <paramref name="challenge"/> for a request: returns the value of the Authorization
    /// (for a 401) or Proxy-Authorization (for a 407) header. The same nonce answered again counts up.
    /// </summary>
    /// <param name="challenge">The challenge, from <see cref="DigestChallenge.Parse"/>.</param>
    /// <param name="method">The request method, e.g. "REGISTER".</param>
    /// <param name="requestUri">The Request-URI exactly as it appears on the request line.</param>
    /// <param name="body">The message body; used only for qop=auth-int.</param>
    public DigestAuthorizationResult Respond(DigestChallenge challenge, string method, string requestUri, ReadOnlySpan<byte> body = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(requestUri);

        string cnonce;
        uint nonceCount;
        lock (_lock)
        {
            if (!_realms.TryGetValue(challenge.Realm, out var state) || state.Challenge.Nonce != challenge.Nonce)
            {
                state = new DigestNonceState(challenge, _cnonceSource());
                _realms[challenge.Realm] = state;
            }
            else
            {
                state.Challenge = challenge;
            }

            cnonce = state.Cnonce;
            nonceCount = ++state.NonceCount;
        }

        return Compose(challenge, cnonce, nonceCount, method, requestUri, body);
    }

    /// <summary>
    /// Answers the latest challenge of <paramref name="realm"/> again for a new request, without
    /// waiting to be challenged (the nonce count goes up by one). Fails when that realm never challenged.
    /// </summary>
    public DigestAuthorizationResult RespondAgain(string realm, string method, string requestUri, ReadOnlySpan<byte> body = default)
    {
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(requestUri);

        DigestChallenge challenge;
        string cnonce;
        uint nonceCount;
        lock (_lock)
        {
            if (!_realms.TryGetValue(realm, out var state))
            {
                return DigestAuthorizationResult.Fail($"realm '{realm}' has not challenged yet");
            }

            challenge = state.Challenge;
            cnonce = state.Cnonce;
            nonceCount = ++state.NonceCount;
        }

        return Compose(challenge, cnonce, nonceCount, method, requestUri, body);
    }

    /// <summary>Drops what is remembered of a realm (for example after its credentials were refused).</summary>
    public void Forget(string realm)
    {
        lock (_lock)
        {
            _realms.Remove(realm);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"DigestClient {{ Username = {Username} }}";

    private DigestAuthorizationResult Compose(
        DigestChallenge challenge, string cnonce, uint nonceCount, string method, string requestUri, ReadOnlySpan<byte> body)
    {
        if (!TryChooseQop(challenge.QopOptions, out var qop))
        {
            return DigestAuthorizationResult.Fail("the challenge offers neither qop=auth nor qop=auth-int");
        }

        var algorithm = challenge.Algorithm;
        var sess = algorithm is DigestAlgorithm.Md5Sess or DigestAlgorithm.Sha256Sess;
        var nc = nonceCount.ToString("x8", CultureInfo.InvariantCulture);

        var ha1 = DigestHash.Hex(algorithm, $"{_credentials.Username}:{challenge.Realm}:{_credentials.Password}");
        if (sess)
        {
            ha1 = DigestHash.Hex(algorithm, $"{ha1}:{challenge.Nonce}:{cnonce}");
        }

        var ha2 = qop == "auth-int"
            ? DigestHash.Hex(algorithm, $"{method}:{requestUri}:{DigestHash.Hex(algorithm, body)}")
            : DigestHash.Hex(algorithm, $"{method}:{requestUri}");
        var response = qop is null
            ? DigestHash.Hex(algorithm, $"{ha1}:{challenge.Nonce}:{ha2}")
            : DigestHash.Hex(algorithm, $"{ha1}:{challenge.Nonce}:{nc}:{cnonce}:{qop}:{ha2}");

        var header = new StringBuilder("Digest ");
        AppendQuoted(header, "username", _credentials.Username).Append(", ");
        AppendQuoted(header, "realm", challenge.Realm).Append(", ");
        AppendQuoted(header, "nonce", challenge.Nonce).Append(", ");
        AppendQuoted(header, "uri", requestUri).Append(", ");
        AppendQuoted(header, "response", response);
        if (challenge.AlgorithmSpecified || algorithm != DigestAlgorithm.Md5)
        {
            header.Append(", algorithm=").Append(DigestChallenge.AlgorithmToken(algorithm));
        }

        if (qop is not null || sess)
        {
            AppendQuoted(header.Append(", "), "cnonce", cnonce);
        }

        if (challenge.Opaque is not null)
        {
            AppendQuoted(header.Append(", "), "opaque", challenge.Opaque);
        }

        if (qop is not null)
        {
            header.Append(", qop=").Append(qop).Append(", nc=").Append(nc);
        }

        return DigestAuthorizationResult.Ok(header.ToString(), qop is null ? 0 : nonceCount);
    }

    // auth protects less than auth-int but needs no body hash; servers offering both accept either.
    private static bool TryChooseQop(IReadOnlyList<string> options, out string? qop)
    {
        qop = null;
        if (options.Count == 0)
        {
            return true;
        }

        foreach (var option in options)
        {
            if (option.Equals("auth", StringComparison.OrdinalIgnoreCase))
            {
                qop = "auth";
                return true;
            }
        }

        foreach (var option in options)
        {
            if (option.Equals("auth-int", StringComparison.OrdinalIgnoreCase))
            {
                qop = "auth-int";
                return true;
            }
        }

        return false;
    }

    private static StringBuilder AppendQuoted(StringBuilder builder, string name, string value)
    {
        builder.Append(name).Append("=\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"');
    }

    private static string NewCnonce()
    {
        Span<byte> bytes = stackalloc byte[CnonceBytes];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
