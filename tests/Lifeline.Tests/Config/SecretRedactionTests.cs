using Lifeline.Config;

namespace Lifeline.Tests.Config;

public sealed class SecretRedactionTests
{
    private const string Yaml = """
        http: { listen: 127.0.0.1:8080, token: TOKEN-VALUE-0123456789 }
        trunks:
          - name: a
            gateways: [ "sip:10.0.0.1" ]
            registration: { user: u, password: REG-PASSWORD-VALUE }
            auth: { username: u, password: AUTH-PASSWORD-VALUE }
        """;

    [Fact]
    public void ToString_ConfigWithSecrets_RedactsEverySecret()
    {
        var config = ConfigLoaderTests.LoadOk(Yaml);

        var printed = string.Join("\n", config.ToString(), config.Http.ToString(), config.Trunks[0].ToString(), config.Trunks[0].Registration!.ToString(), config.Trunks[0].Auth!.ToString());

        printed.ShouldNotContain("TOKEN-VALUE");
        printed.ShouldNotContain("REG-PASSWORD-VALUE");
        printed.ShouldNotContain("AUTH-PASSWORD-VALUE");
        config.Trunks[0].Auth!.ToString().ShouldContain("Password = ***");
        config.Http.ToString().ShouldContain("Token = ***");
        config.Trunks[0].Auth!.Password.Reveal().ShouldBe("AUTH-PASSWORD-VALUE");
    }

    [Fact]
    public void LoadFromString_BadSecretValue_ErrorDoesNotEchoIt()
    {
        var result = ConfigLoader.LoadFromString("""
            http: { listen: 127.0.0.1:8080, token: [ TOKEN-IN-A-LIST ] }
            trunks: [ { name: a, gateways: [ "sip:10.0.0.1" ] } ]
            """, "lifeline.yaml", _ => null);

        var error = result.Errors.ShouldHaveSingleItem();
        error.KeyPath.ShouldBe("http.token");
        error.ToString().ShouldNotContain("TOKEN-IN-A-LIST");
    }
}
