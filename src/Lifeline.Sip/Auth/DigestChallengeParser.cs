using System.Text;

namespace Lifeline.Sip.Auth;

/// <summary>
/// Reads <c>Digest name=value, name="quoted \" value", ...</c> (RFC 7235 auth-params with RFC 7616
/// Digest parameters). Lenient where servers are known to stray — unquoted values that are not
/// strict tokens (base64 nonces), empty list elements, any case in names, qop sent unquoted — and
/// strict where it matters: unterminated quotes, control characters, duplicates and missing
/// realm or nonce are errors.
/// </summary>
internal static class DigestChallengeParser
{
    public static DigestChallengeParseResult Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DigestChallengeParseResult.Fail(DigestChallengeError.Empty, "the header value is empty");
        }

        var pos = SkipSpace(value, 0);
        var schemeStart = pos;
        while (pos < value.Length && IsTokenChar(value[pos]))
        {
            pos++;
        }

        if (pos == schemeStart)
        {
            return Syntax("expected an authentication scheme", schemeStart);
        }

        var scheme = value[schemeStart..pos];
        if (!string.Equals(scheme, "Digest", StringComparison.OrdinalIgnoreCase))
        {
            return DigestChallengeParseResult.Fail(DigestChallengeError.NotDigest, $"scheme '{scheme}' is not Digest");
        }

        if (pos < value.Length && !IsSpace(value[pos]))
        {
            return Syntax("expected a space after Digest", pos);
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            pos = SkipSpace(value, pos);
            while (pos < value.Length && value[pos] == ',')
            {
                pos = SkipSpace(value, pos + 1);
            }

            if (pos >= value.Length)
            {
                break;
            }

            var nameStart = pos;
            while (pos < value.Length && IsTokenChar(value[pos]))
            {
                pos++;
            }

            if (pos == nameStart)
            {
                return Syntax("expected a parameter name", pos);
            }

            var name = value[nameStart..pos];
            pos = SkipSpace(value, pos);
            if (pos >= value.Length || value[pos] != '=')
            {
                return Syntax($"expected '=' after '{name}'", pos);
            }

            pos = SkipSpace(value, pos + 1);
            string parameterValue;
            if (pos < value.Length && value[pos] == '"')
            {
                var error = ReadQuoted(value, ref pos, out parameterValue);
                if (error is not null)
                {
                    return Syntax(error, pos);
                }
            }
            else
            {
                var valueStart = pos;
                while (pos < value.Length && value[pos] != ',' && !IsSpace(value[pos]))
                {
                    if (value[pos] == '"' || char.IsControl(value[pos]))
                    {
                        return Syntax($"unexpected character in the value of '{name}'", pos);
                    }

                    pos++;
                }

                if (pos == valueStart)
                {
                    return Syntax($"'{name}' has no value", pos);
                }

                parameterValue = value[valueStart..pos];
            }

            if (!parameters.TryAdd(name, parameterValue))
            {
                return DigestChallengeParseResult.Fail(DigestChallengeError.DuplicateParameter, $"'{name}' appears twice");
            }

            pos = SkipSpace(value, pos);
            if (pos < value.Length && value[pos] != ',')
            {
                return Syntax("expected ',' between parameters", pos);
            }
        }

        return Build(parameters);
    }

    private static DigestChallengeParseResult Build(Dictionary<string, string> parameters)
    {
        if (!parameters.TryGetValue("realm", out var realm))
        {
            return DigestChallengeParseResult.Fail(DigestChallengeError.MissingRealm, "no realm parameter");
        }

        if (!parameters.TryGetValue("nonce", out var nonce) || nonce.Length == 0)
        {
            return DigestChallengeParseResult.Fail(DigestChallengeError.MissingNonce, "no nonce parameter");
        }

        var algorithm = DigestAlgorithm.Md5;
        var algorithmSpecified = parameters.TryGetValue("algorithm", out var algorithmToken);
        if (algorithmSpecified && !TryAlgorithm(algorithmToken!, out algorithm))
        {
            return DigestChallengeParseResult.Fail(DigestChallengeError.UnsupportedAlgorithm, $"algorithm '{algorithmToken}' is not supported");
        }

        var qop = new List<string>();
        if (parameters.TryGetValue("qop", out var qopList))
        {
            foreach (var option in qopList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                qop.Add(option);
            }

            if (!qop.Exists(static o => o.Equals("auth", StringComparison.OrdinalIgnoreCase) || o.Equals("auth-int", StringComparison.OrdinalIgnoreCase)))
            {
                return DigestChallengeParseResult.Fail(DigestChallengeError.UnsupportedQop, $"qop '{qopList}' offers neither auth nor auth-int");
            }
        }

        return DigestChallengeParseResult.Ok(new DigestChallenge
        {
            Realm = realm,
            Nonce = nonce,
            Opaque = parameters.GetValueOrDefault("opaque"),
            Algorithm = algorithm,
            AlgorithmSpecified = algorithmSpecified,
            QopOptions = qop,
            Stale = parameters.TryGetValue("stale", out var stale) && stale.Equals("true", StringComparison.OrdinalIgnoreCase),
            Domain = parameters.GetValueOrDefault("domain"),
        });
    }

    private static bool TryAlgorithm(string token, out DigestAlgorithm algorithm)
    {
        foreach (var candidate in (ReadOnlySpan<DigestAlgorithm>)[DigestAlgorithm.Md5, DigestAlgorithm.Md5Sess, DigestAlgorithm.Sha256, DigestAlgorithm.Sha256Sess])
        {
            if (token.Equals(DigestChallenge.AlgorithmToken(candidate), StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }

        algorithm = DigestAlgorithm.Md5;
        return false;
    }

    private static string? ReadQuoted(string value, ref int pos, out string text)
    {
        var builder = new StringBuilder();
        pos++;
        while (pos < value.Length)
        {
            var c = value[pos];
            if (c == '"')
            {
                pos++;
                text = builder.ToString();
                return null;
            }

            if (c == '\\')
            {
                if (pos + 1 >= value.Length)
                {
                    break;
                }

                c = value[++pos];
            }

            if (char.IsControl(c) && c != '\t')
            {
                text = string.Empty;
                return "control character in a quoted string";
            }

            builder.Append(c);
            pos++;
        }

        text = string.Empty;
        return "unterminated quoted string";
    }

    private static DigestChallengeParseResult Syntax(string what, int position) =>
        DigestChallengeParseResult.Fail(DigestChallengeError.Syntax, $"{what} at position {position}");

    private static int SkipSpace(string value, int pos)
    {
        while (pos < value.Length && IsSpace(value[pos]))
        {
            pos++;
        }

        return pos;
    }

    // Folded headers may still carry CR LF before the continuation whitespace.
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
