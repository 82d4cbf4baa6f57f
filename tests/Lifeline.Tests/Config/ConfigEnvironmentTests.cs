using Lifeline.Config;

namespace Lifeline.Tests.Config;

public sealed class ConfigEnvironmentTests
{
    [Fact]
    public void Load_EnvironmentVariable_SubstitutedFromProcessEnvironment()
    {
        var name = "LIFELINE_TEST_PW_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "pa$$word");
        try
        {
            var result = ConfigLoader.LoadFromString($$"""
                trunks:
                  - name: a
                    gateways: [ "sip:10.0.0.1" ]
                    auth:
                      username: acct
                      password: ${{{name}}}
                """, "lifeline.yaml");

            result.IsSuccess.ShouldBeTrue(result.ToString());
            result.Config!.Trunks[0].Auth!.Password.Reveal().ShouldBe("pa$$word");
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void LoadFromString_SubstitutionInsideTextAndTypedValues_Works()
    {
        var env = new Dictionary<string, string> { ["HOST"] = "10.1.2.3", ["IVL"] = "7s" };

        var config = ConfigLoaderTests.LoadOk("""
            probing: { interval: "${IVL}" }
            trunks:
              - name: a
                gateways: [ "sip:${HOST}:5060" ]
                registration: { user: "${MISSING_USER:-fallback}" }
            """, env.GetValueOrDefault);

        config.Probing.Interval.ShouldBe(TimeSpan.FromSeconds(7));
        config.Trunks[0].Gateways.ShouldBe(["sip:10.1.2.3:5060"]);
        config.Trunks[0].Registration!.User.ShouldBe("fallback");
    }

    [Fact]
    public void LoadFromString_DollarDollarBrace_IsALiteral()
    {
        var config = ConfigLoaderTests.LoadOk("""
            trunks:
              - name: a
                gateways: [ "sip:10.0.0.1" ]
                auth: { username: u, password: "a$${NOT_A_VAR}b$c" }
            """, _ => throw new InvalidOperationException("no lookup expected"));

        config.Trunks[0].Auth!.Password.Reveal().ShouldBe("a${NOT_A_VAR}b$c");
    }

    [Fact]
    public void LoadFromString_MissingVariable_NamesFileLineKeyAndVariable()
    {
        var result = ConfigLoader.LoadFromString("""
            trunks:
              - name: a
                gateways: [ "sip:10.0.0.1" ]
                auth:
                  username: acct
                  password: ${LIFELINE_SURELY_UNSET_VARIABLE}
            """, "lifeline.yaml", _ => null);

        var error = result.Errors.ShouldHaveSingleItem();
        error.ToString().ShouldBe("lifeline.yaml:6:17: trunks[0].auth.password: environment variable LIFELINE_SURELY_UNSET_VARIABLE is not set (referenced as ${LIFELINE_SURELY_UNSET_VARIABLE}; set it, or write ${LIFELINE_SURELY_UNSET_VARIABLE:-default})");
    }

    [Theory]
    [InlineData("${UNCLOSED", "unterminated ${")]
    [InlineData("${1BAD}", "not a valid environment variable name")]
    [InlineData("${}", "not a valid environment variable name")]
    public void LoadFromString_MalformedReference_Explained(string value, string expected)
    {
        var result = ConfigLoader.LoadFromString($"trunks: [ {{ name: a, gateways: [ \"sip:10.0.0.1\" ], registration: {{ user: \"{value}\" }} }} ]", "lifeline.yaml", _ => null);

        result.Errors.ShouldHaveSingleItem().Message.ShouldContain(expected);
    }
}
