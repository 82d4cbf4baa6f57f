namespace Lifeline.Cli.Api;

/// <summary>The verdict on a changing API request.</summary>
internal enum ChangeAuthorizationResult
{
    /// <summary>The bearer token matches <c>http.token</c>.</summary>
    Allowed,

    /// <summary>No <c>http.token</c> is configured: changes are off (403).</summary>
    NoTokenConfigured,

    /// <summary>No bearer token in the request (401).</summary>
    Missing,

    /// <summary>A bearer token that does not match (401).</summary>
    Wrong,
}
