using System.Globalization;

namespace Lifeline.Config.Parsing;

/// <summary>
/// Reads <c>trunks[].rates:</c> in one of three forms: a mapping of prefix to rate
/// (<c>{ "1": 0.010, "44": 0.020 }</c>), a CSV file path (<c>rates: ./rates/primary.csv</c>), or both
/// (<c>{ file: ./primary.csv, prefixes: { "1": 0.009 } }</c>, inline entries overriding the file's).
/// </summary>
internal static class RatesSection
{
    private const int MaxCsvErrors = 20;
    private static readonly string[] StructuredKeys = ["file", "prefixes"];

    public static RateTable Parse(MappingReader trunk)
    {
        var node = trunk.Node("rates");
        if (node is null)
        {
            return RateTable.Empty;
        }

        var context = trunk.Context;
        var path = trunk.PathOf("rates");
        if (node is ConfigScalar scalar)
        {
            var file = context.Text(scalar, path);
            return file is null ? RateTable.Empty : ReadCsv(context, scalar, path, file, new Dictionary<string, decimal>(StringComparer.Ordinal));
        }

        if (node is not ConfigMapping mapping)
        {
            context.Error(node, path, $"expected a mapping of prefix to rate like {{ \"1\": 0.010 }} or a CSV file path, got {node.Describe()}");
            return RateTable.Empty;
        }

        if (!mapping.Entries.Any(e => StructuredKeys.Contains(e.Key.Value, StringComparer.Ordinal)))
        {
            var inline = new Dictionary<string, decimal>(StringComparer.Ordinal);
            ReadInline(context, mapping, path, inline);
            return new RateTable { Prefixes = inline };
        }

        var m = context.Map(mapping, path, mapping, StructuredKeys);
        var table = new Dictionary<string, decimal>(StringComparer.Ordinal);
        string? source = null;
        if (m.Node("file") is ConfigScalar fileNode && context.Text(fileNode, m.PathOf("file")) is { } filePath)
        {
            var fromFile = ReadCsv(context, fileNode, m.PathOf("file"), filePath, table);
            source = fromFile.SourceFile;
        }
        else if (m.Node("file") is { } bad)
        {
            context.Error(bad, m.PathOf("file"), $"expected a CSV file path, got {bad.Describe()}");
        }

        if (m.Node("prefixes") is { } prefixes)
        {
            if (prefixes is ConfigMapping prefixMapping)
            {
                ReadInline(context, prefixMapping, m.PathOf("prefixes"), table);
            }
            else
            {
                context.Error(prefixes, m.PathOf("prefixes"), $"expected a mapping of prefix to rate like {{ \"1\": 0.010 }}, got {prefixes.Describe()}");
            }
        }

        return new RateTable { Prefixes = table, SourceFile = source };
    }

    private static void ReadInline(ConfigContext context, ConfigMapping mapping, string path, Dictionary<string, decimal> table)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            var prefix = entry.Key.Value;
            var entryPath = ConfigContext.Child(path, prefix);
            if (!IsPrefix(prefix))
            {
                context.Error(entry.Key, entryPath, $"expected a dialed-number prefix of digits like 44, got {ConfigText.Quote(prefix)}");
                continue;
            }

            if (seen.TryGetValue(prefix, out var firstLine))
            {
                context.Error(entry.Key, entryPath, $"duplicate prefix {ConfigText.Quote(prefix)} (first set at line {firstLine})");
                continue;
            }

            seen.Add(prefix, entry.Key.Line);
            if (context.TryParse<decimal>(entry.Value, entryPath, "a rate per minute like 0.010", ParseRate, null, secret: false, out var rate))
            {
                table[prefix] = rate;
            }
        }
    }

    private static RateTable ReadCsv(ConfigContext context, ConfigNode node, string path, string file, Dictionary<string, decimal> table)
    {
        var fullPath = context.ResolvePath(file);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var why = ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message;
            context.Error(node, path, $"cannot read the rates file {fullPath}: {why}");
            return RateTable.Empty;
        }

        var errors = 0;
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var headerAllowed = true;
        for (var i = 0; i < lines.Length && errors < MaxCsvErrors; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(',');
            var prefix = Unquote(fields[0]).TrimStart('+');
            if (headerAllowed && !IsPrefix(prefix))
            {
                // A first line like "prefix,rate,description" is a header.
                headerAllowed = false;
                continue;
            }

            headerAllowed = false;
            var lineNumber = i + 1;
            string? problem = null;
            if (!IsPrefix(prefix))
            {
                problem = $"expected a prefix of digits in the first column, got {ConfigText.Quote(fields[0])}";
            }
            else if (fields.Length < 2 || !ParseRate(Unquote(fields[1]), out var rate, out _))
            {
                problem = $"expected a rate per minute like 0.010 in the second column, got {(fields.Length < 2 ? "nothing" : ConfigText.Quote(fields[1]))}";
            }
            else if (firstLineOf.TryGetValue(prefix, out var first))
            {
                problem = $"duplicate prefix {prefix} (first at line {first})";
            }
            else
            {
                firstLineOf.Add(prefix, lineNumber);
                table[prefix] = rate;
            }

            if (problem is not null)
            {
                context.Error(fullPath, lineNumber, 1, path, problem);
                errors++;
            }
        }

        return new RateTable { Prefixes = table, SourceFile = fullPath };
    }

    private static string Unquote(string field)
    {
        var s = field.Trim();
        return s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? s[1..^1].Trim() : s;
    }

    private static bool ParseRate(string text, out decimal value, out string? hint)
    {
        hint = null;
        return decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsPrefix(string text) => text.Length is > 0 and <= 15 && text.All(char.IsAsciiDigit);
}
