using Lifeline.Config;

namespace Lifeline.Tests.Config;

public sealed class RatesConfigTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lifeline-rates-");

    public void Dispose() => _dir.Delete(recursive: true);

    private ConfigLoadResult Load(string rates)
        => ConfigLoader.LoadFromString($"""
            trunks:
              - name: a
                gateways: [ "sip:10.0.0.1" ]
                rates: {rates}
            """, "lifeline.yaml", _ => null, _dir.FullName);

    [Fact]
    public void LoadFromString_CsvFile_ReadRelativeToConfigFolder()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "rates.csv"), "prefix,rate,description\n# comment\n1,0.0100,USA\n+44,0.0200,UK\n\n52,\"0.0300\",Mexico\n");

        var result = Load("./rates.csv");

        result.IsSuccess.ShouldBeTrue(result.ToString());
        var rates = result.Config!.Trunks[0].Rates;
        rates.Prefixes.ShouldBe(new Dictionary<string, decimal> { ["1"] = 0.01m, ["44"] = 0.02m, ["52"] = 0.03m }, ignoreOrder: true);
        rates.SourceFile.ShouldBe(Path.Combine(_dir.FullName, "rates.csv"));
    }

    [Fact]
    public void LoadFromString_CsvAndInline_InlineOverridesFile()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "rates.csv"), "1,0.0100\n44,0.0200\n");

        var result = Load("{ file: rates.csv, prefixes: { \"1\": 0.0090, \"61\": 0.05 } }");

        result.IsSuccess.ShouldBeTrue(result.ToString());
        result.Config!.Trunks[0].Rates.Prefixes.ShouldBe(new Dictionary<string, decimal> { ["1"] = 0.009m, ["44"] = 0.02m, ["61"] = 0.05m }, ignoreOrder: true);
    }

    [Fact]
    public void LoadFromString_BadCsvLines_ErrorsNameTheCsvFileAndLine()
    {
        var csv = Path.Combine(_dir.FullName, "rates.csv");
        File.WriteAllText(csv, "1,0.0100\n44,cheap\nUK,0.02\n1,0.02\n");

        var result = Load("rates.csv");

        result.Errors.Select(e => (e.File, e.Line)).ShouldBe([(csv, 2), (csv, 3), (csv, 4)]);
        result.Errors[0].KeyPath.ShouldBe("trunks[0].rates");
        result.Errors[0].Message.ShouldContain("got \"cheap\"");
        result.Errors[2].Message.ShouldContain("duplicate prefix 1 (first at line 1)");
    }

    [Fact]
    public void LoadFromString_MissingCsv_ReportedAtTheKey()
    {
        var result = Load("nowhere.csv");

        var error = result.Errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(4);
        error.Message.ShouldContain("cannot read the rates file " + Path.Combine(_dir.FullName, "nowhere.csv"));
    }

    [Fact]
    public void LoadFromString_BadInlineRates_Reported()
    {
        var result = Load("{ \"1\": abc, x1: 0.5 }");

        result.Errors.Select(e => e.KeyPath).ShouldBe(["trunks[0].rates.1", "trunks[0].rates.x1"]);
    }
}
