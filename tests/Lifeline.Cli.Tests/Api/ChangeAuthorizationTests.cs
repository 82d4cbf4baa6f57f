using Lifeline.Cli.Api;
using Lifeline.Config;
using Microsoft.AspNetCore.Http;

namespace Lifeline.Cli.Tests.Api;

public sealed class ChangeAuthorizationTests
{
    [Theory]
    [InlineData("Bearer s3cret-token", "Allowed")]
    [InlineData("bearer s3cret-token", "Allowed")]
    [InlineData("Bearer s3cret-token ", "Allowed")]
    [InlineData("Bearer s3cret-tokeN", "Wrong")]
    [InlineData("Bearer s3cret", "Wrong")]
    [InlineData("Bearer ", "Wrong")]
    [InlineData("Basic czNjcmV0LXRva2Vu", "Missing")]
    [InlineData("s3cret-token", "Missing")]
    [InlineData("", "Missing")]
    public void Check_Header_Verdict(string header, string expected)
    {
        var authorization = new ChangeAuthorization(new Secret("s3cret-token"));
        var context = new DefaultHttpContext();
        if (header.Length > 0)
        {
            context.Request.Headers.Authorization = header;
        }

        authorization.Check(context.Request).ToString().ShouldBe(expected);
    }

    [Fact]
    public void Check_NoTokenConfigured_RefusedWhateverIsSent()
    {
        var authorization = new ChangeAuthorization(null);
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer anything";

        authorization.Enabled.ShouldBeFalse();
        authorization.Check(context.Request).ShouldBe(ChangeAuthorizationResult.NoTokenConfigured);
    }
}
