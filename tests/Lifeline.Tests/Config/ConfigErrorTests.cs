using Lifeline.Config;

namespace Lifeline.Tests.Config;

public sealed class ConfigErrorTests
{
    private static IReadOnlyList<ConfigError> Errors(string yaml, Func<string, string?>? env = null)
    {
        var result = ConfigLoader.LoadFromString(yaml, "lifeline.yaml", env ?? (_ => null), "/etc/lifeline");
        result.IsSuccess.ShouldBeFalse("expected errors");
        return result.Errors;
    }

    private static ConfigError Single(string yaml, Func<string, string?>? env = null)
    {
        var errors = Errors(yaml, env);
        errors.Count.ShouldBe(1, string.Join("\n", errors));
        return errors[0];
    }

    [Fact]
    public void LoadFromString_BadDuration_NamesFileLineColumnKeyAndExpectation()
    {
        var error = Single("""
            trunks:
              - name: primary
                gateways: [ "sip:127.0.0.1:5071" ]
              - name: backup
                gateways: [ "sip:127.0.0.1:5072" ]
                probing:
                  interval: fast
            """);

        error.ToString().ShouldBe("lifeline.yaml:7:17: trunks[1].probing.interval: expected a duration like 5s or 500ms, got \"fast\"");
        error.File.ShouldBe("lifeline.yaml");
        error.Line.ShouldBe(7);
        error.Column.ShouldBe(17);
        error.KeyPath.ShouldBe("trunks[1].probing.interval");
    }

    [Fact]
    public void LoadFromString_BareNumberDuration_SaysToAddAUnit()
    {
        var error = Single("""
            probing:
              timeout: 500
            trunks: [ { name: a, gateways: [ "sip:10.0.0.1" ] } ]
            """);

        error.Line.ShouldBe(2);
        error.KeyPath.ShouldBe("probing.timeout");
        error.Message.ShouldContain("write 500s or 500ms");
    }

    [Fact]
    public void LoadFromString_UnknownKeys_ReportedWithSuggestion()
    {
        var errors = Errors("""
            htp: { listen: 127.0.0.1:8080 }
            trunks:
              - name: a
                gateways: [ "sip:10.0.0.1" ]
                probing:
                  intervall: 5s
                  fastInterval: 1s
                  colour: blue
            """);

        errors.Select(e => (e.Line, e.KeyPath)).ShouldBe([(1, "htp"), (6, "trunks[0].probing.intervall"), (7, "trunks[0].probing.fastInterval"), (8, "trunks[0].probing.colour")]);
        errors[0].Message.ShouldContain("did you mean \"http\"?");
        errors[1].Message.ShouldContain("did you mean \"interval\"?");
        errors[2].Message.ShouldContain("did you mean \"fast_interval\"?");
        errors[3].Message.ShouldContain("known keys: enabled, interval, fast_interval");
    }

    [Fact]
    public void LoadFromString_GlobalOnlyKeyInTrunk_SaysWhereItBelongs()
    {
        var error = Single("""
            trunks:
              - name: a
                gateways: [ "sip:10.0.0.1" ]
                probing:
                  max_rate: 5
            """);

        error.Line.ShouldBe(5);
        error.Message.ShouldContain("top-level probing");
    }

    [Fact]
    public void LoadFromString_DuplicateKey_ReportsSecondWithLineOfFirst()
    {
        var error = Single("""
            probing:
              interval: 5s
              interval: 10s
            trunks: [ { name: a, gateways: [ "sip:10.0.0.1" ] } ]
            """);

        error.Line.ShouldBe(3);
        error.KeyPath.ShouldBe("probing.interval");
        error.Message.ShouldContain("duplicate key \"interval\" (first set at line 2)");
    }

    [Fact]
    public void LoadFromString_DuplicateTrunkName_PointsAtSecondName()
    {
        var error = Single("""
            trunks:
              - name: primary
                gateways: [ "sip:10.0.0.1" ]
              - name: primary
                gateways: [ "sip:10.0.0.2" ]
            """);

        error.Line.ShouldBe(4);
        error.KeyPath.ShouldBe("trunks[1].name");
        error.Message.ShouldContain("first used at line 2");
    }

    [Fact]
    public void LoadFromString_WrongTypes_EachNamedWithItsExpectation()
    {
        var errors = Errors("""
            trunks:
              - name: a
                gateways: "sip:10.0.0.1"
                priority: high
                enabled: maybe
                health: [ consecutive ]
            """);

        errors.Select(e => (e.Line, e.KeyPath)).ShouldBe([(3, "trunks[0].gateways"), (4, "trunks[0].priority"), (5, "trunks[0].enabled"), (6, "trunks[0].health")]);
        errors[0].Message.ShouldBe("expected a list [ … ], each item a gateway URI like sip:203.0.113.10:5060, got \"sip:10.0.0.1\"");
        errors[1].Message.ShouldBe("expected a whole number, got \"high\"");
        errors[2].Message.ShouldBe("expected true or false, got \"maybe\"");
        errors[3].Message.ShouldStartWith("expected a mapping");
    }

    [Fact]
    public void LoadFromString_OutOfRange_SaysTheRange()
    {
        var errors = Errors("""
            probing:
              interval: 10ms
            health:
              down_after: 0
              ratio:
                threshold: 1.5
            trunks:
              - name: a
                gateways: [ "sip:10.0.0.1" ]
                failover_codes: [ 200, 503 ]
            """);

        errors.Select(e => (e.Line, e.KeyPath, e.Message)).ShouldBe(
        [
            (2, "probing.interval", "expected a duration from 100ms to 1h, got \"10ms\""),
            (4, "health.down_after", "expected a whole number from 1 to 1000, got \"0\""),
            (6, "health.ratio.threshold", "expected a number above 0 to 1, got \"1.5\""),
            (10, "trunks[0].failover_codes[0]", "expected a SIP status code from 400 to 699 or a range like 400-499, got \"200\""),
        ]);
    }

    [Fact]
    public void LoadFromString_InconsistentValues_Reported()
    {
        var errors = Errors("""
            probing:
              interval: 1s
              fast_interval: 2s
            health:
              ramp: [ 50, 25, 100 ]
              damping: { suppress: 500, reuse: 750 }
            trunks: [ { name: a, gateways: [ "sip:10.0.0.1" ] } ]
            """);

        errors.Select(e => (e.Line, e.KeyPath)).ShouldBe([(3, "probing.fast_interval"), (5, "health.ramp"), (6, "health.damping.reuse")]);
    }

    [Fact]
    public void LoadFromString_YamlSyntaxError_UsesParserPosition()
    {
        var error = Single("""
            trunks:
              - name: a
                gateways: [ "sip:10.0.0.1" ]
                priority: 1: 2
            """);

        error.Line.ShouldBe(4);
        error.KeyPath.ShouldBe(string.Empty);
        error.Message.ShouldStartWith("YAML syntax error: ");
        error.Message.ShouldNotContain("Idx:");
    }

    [Fact]
    public void LoadFromString_UnclosedFlowList_IsAnErrorValueNotAnException()
    {
        var error = Single("""
            trunks:
              - name: a
                gateways: [ "sip:10.0.0.1"
            http: {}
            """);

        error.Line.ShouldBe(3);
        error.Message.ShouldContain("unclosed [");
    }

    [Fact]
    public void LoadFromString_TabIndentation_IsASyntaxErrorWithLine()
    {
        var error = Single("trunks:\n  - name: a\n\t gateways: []\n");

        error.Line.ShouldBe(2);
        error.Message.ShouldStartWith("YAML syntax error");
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing but a comment\n")]
    [InlineData("---\n")]
    public void LoadFromString_EmptyFile_SaysItIsEmpty(string yaml)
    {
        var error = Single(yaml);

        error.ToString().ShouldBe("lifeline.yaml: the file is empty: it needs at least a trunks: list (see examples/lifeline.yaml)");
    }

    [Fact]
    public void LoadFromString_TopLevelList_Rejected()
    {
        var error = Single("- name: a\n");

        error.Line.ShouldBe(1);
        error.Message.ShouldContain("expected a mapping of sections");
    }

    [Fact]
    public void LoadFromString_NoTrunks_Required()
    {
        var error = Single("http: { listen: 127.0.0.1:9090 }\n");

        error.KeyPath.ShouldBe("trunks");
        error.Message.ShouldContain("missing required key trunks");
    }

    [Fact]
    public void LoadFromString_MissingTrunkKeys_ReportedAtTheTrunk()
    {
        var errors = Errors("""
            trunks:
              - name: a
                gateways: [ "sip:10.0.0.1" ]
              - priority: 2
            """);

        errors.Select(e => (e.Line, e.KeyPath)).ShouldBe([(4, "trunks[1].name"), (4, "trunks[1].gateways")]);
    }

    [Fact]
    public void LoadFromString_BadGateways_EachElementReportedAtItsPosition()
    {
        var errors = Errors("""
            trunks:
              - name: a
                gateways:
                  - "http://10.0.0.1"
                  - "sip:"
                  - "sip:carrier.example:99999"
                  - "sip:10.0.0.1"
                  - "sip:10.0.0.1"
            """);

        errors.Select(e => (e.Line, e.KeyPath)).ShouldBe(
            [(4, "trunks[0].gateways[0]"), (5, "trunks[0].gateways[1]"), (6, "trunks[0].gateways[2]")]);
        errors[0].Message.ShouldContain("starts with sip: or sips:");
        errors[2].Message.ShouldContain("port");
    }

    [Fact]
    public void LoadFromString_DuplicateGateway_Reported()
    {
        var error = Single("""
            trunks:
              - name: a
                gateways:
                  - "sip:10.0.0.1"
                  - "sip:10.0.0.1"
            """);

        error.Line.ShouldBe(5);
        error.KeyPath.ShouldBe("trunks[0].gateways[1]");
    }

    [Fact]
    public void LoadFromString_BadTrunkName_SuggestsLowercase()
    {
        var error = Single("""
            trunks:
              - name: Primary
                gateways: [ "sip:10.0.0.1" ]
            """);

        error.Line.ShouldBe(2);
        error.Message.ShouldContain("lowercase only: primary");
    }

    [Fact]
    public void LoadFromString_ProxyWithEmptyAllow_ExplainsTollFraud()
    {
        var error = Single("""
            proxy:
              listen: [ "udp:127.0.0.1:5060" ]
              allow: []
            trunks: [ { name: a, gateways: [ "sip:10.0.0.1" ] } ]
            """);

        error.Line.ShouldBe(3);
        error.KeyPath.ShouldBe("proxy.allow");
        error.Message.ShouldContain("open relay is toll fraud");
    }

    [Fact]
    public void LoadFromString_ProxyWithoutAllow_ExplainsTollFraud()
    {
        var error = Single("""
            trunks: [ { name: a, gateways: [ "sip:10.0.0.1" ] } ]
            proxy:
              listen: [ "udp:127.0.0.1:5060" ]
            """);

        error.Line.ShouldBe(3);
        error.Message.ShouldStartWith("missing required key allow");
        error.Message.ShouldContain("toll fraud");
    }

    [Fact]
    public void LoadFromString_BadNetworks_Explained()
    {
        var errors = Errors("""
            proxy:
              allow:
                - 10.0.0.1/8
                - 0.0.0.0/0
                - bogus
            trunks: [ { name: a, gateways: [ "sip:10.0.0.1" ] } ]
            """);

        errors.Select(e => e.Line).ShouldBe([3, 4, 5]);
        errors[0].Message.ShouldContain("did you mean 10.0.0.0/8?");
        errors[1].Message.ShouldContain("whole internet");
    }

    [Fact]
    public void LoadFromString_RouteToUnknownTrunk_SuggestsName()
    {
        var error = Single("""
            proxy:
              allow: [ 127.0.0.1 ]
              routes:
                - prefix: "911"
                  trunks: [ primari ]
            trunks: [ { name: primary, gateways: [ "sip:10.0.0.1" ] } ]
            """);

        error.Line.ShouldBe(5);
        error.KeyPath.ShouldBe("proxy.routes[0].trunks[0]");
        error.Message.ShouldBe("expected the name of a configured trunk (primary), got \"primari\" (did you mean primary?)");
    }

    [Fact]
    public void LoadFromString_PinLengthShorterThanItsPrefix_SaysNoNumberCouldMatch()
    {
        var error = Single("""
            proxy:
              allow: [ 127.0.0.1 ]
              routes:
                - prefix: "911"
                  length: 2
                  trunks: [ primary ]
            trunks: [ { name: primary, gateways: [ "sip:10.0.0.1" ] } ]
            """);

        error.Line.ShouldBe(5);
        error.KeyPath.ShouldBe("proxy.routes[0].length");
        error.Message.ShouldContain("length 2 is shorter than the prefix \"911\": no number could match");
    }

    [Fact]
    public void LoadFromString_PublicHttpWithoutToken_Rejected()
    {
        var error = Single("""
            http:
              listen: 0.0.0.0:8080
            trunks: [ { name: a, gateways: [ "sip:10.0.0.1" ] } ]
            """);

        error.Line.ShouldBe(2);
        error.Message.ShouldContain("http.token is required");
    }

    [Fact]
    public void LoadFromString_TwoDocuments_Rejected()
    {
        var error = Single("""
            trunks: [ { name: a, gateways: [ "sip:10.0.0.1" ] } ]
            ---
            trunks: []
            """);

        error.Line.ShouldBe(2);
        error.Message.ShouldContain("more than one YAML document");
    }

    [Fact]
    public void LoadFromString_UnknownAlias_IsAnError()
    {
        var error = Single("""
            trunks:
              - name: a
                gateways: [ "sip:10.0.0.1" ]
                health: *missing
            """);

        error.Line.ShouldBe(4);
        error.Message.ShouldContain("*missing");
    }

    [Fact]
    public void LoadFromString_ManyProblems_AllReportedInFileOrder()
    {
        var errors = Errors("""
            version: 2
            http:
              listen: nowhere
            probing:
              interval: soon
            trunks:
              - name: a
                gateways: [ "sip:10.0.0.1" ]
                limits: { max_calls: -1, max_cps: 0 }
              - name: a
                gateways: []
                ring_limit: forever
            """);

        errors.Select(e => (e.Line, e.KeyPath)).ShouldBe(
        [
            (1, "version"),
            (3, "http.listen"),
            (5, "probing.interval"),
            (9, "trunks[0].limits.max_calls"),
            (9, "trunks[0].limits.max_cps"),
            (10, "trunks[1].name"),
            (11, "trunks[1].gateways"),
            (12, "trunks[1].ring_limit"),
        ]);
    }
}
