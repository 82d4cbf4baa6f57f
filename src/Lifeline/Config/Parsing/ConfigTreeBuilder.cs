using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Lifeline.Config.Parsing;

/// <summary>
/// Builds a <see cref="ConfigNode"/> tree from YamlDotNet's parser events. Anchors and aliases are
/// resolved (an alias shares the anchored node), and merge keys (<c>&lt;&lt;: *defaults</c>) copy the
/// entries the mapping does not set itself. A syntax error stops the build with one error, at
/// YamlDotNet's position.
/// </summary>
internal sealed partial class ConfigTreeBuilder
{
    private const int MaxDepth = 64;
    private const string MergeKey = "<<";
    private readonly IParser _parser;
    private readonly ConfigContext _context;
    private readonly Dictionary<string, ConfigNode> _anchors = new(StringComparer.Ordinal);
    private int _depth;
    private int _lastLine = 1;
    private int _lastColumn = 1;

    private ConfigTreeBuilder(IParser parser, ConfigContext context)
    {
        _parser = parser;
        _context = context;
    }

    /// <summary>The root node, or null when the file is empty or unreadable (an error is then recorded).</summary>
    public static ConfigNode? Build(string yaml, ConfigContext context)
    {
        var builder = new ConfigTreeBuilder(new Parser(new StringReader(yaml)), context);
        try
        {
            return builder.ReadStream();
        }
        catch (YamlException ex)
        {
            context.Error(context.FileName, (int)ex.Start.Line, (int)ex.Start.Column, string.Empty, "YAML syntax error: " + StripMarks(ex.Message));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some malformed input (an unclosed flow list);
            // bad input must still come back as an error value, placed after the last good node.
            context.Error(context.FileName, builder._lastLine, builder._lastColumn, string.Empty,
                "YAML syntax error after this point: check for an unclosed [ or { or quote");
            return null;
        }
    }

    private ConfigNode? ReadStream()
    {
        _parser.Consume<StreamStart>();
        if (_parser.Accept<StreamEnd>(out _))
        {
            return null;
        }

        _parser.Consume<DocumentStart>();
        var root = ReadNode();
        _parser.Consume<DocumentEnd>();
        if (!_parser.Accept<StreamEnd>(out _) && _parser.Current is { } next)
        {
            _context.Error(_context.FileName, (int)next.Start.Line, (int)next.Start.Column, string.Empty,
                "the file holds more than one YAML document (a second ---); put the whole configuration in one document");
        }

        return root;
    }

    private ConfigNode ReadNode()
    {
        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (_anchors.TryGetValue(alias.Value.Value, out var anchored))
            {
                return anchored;
            }

            throw new SemanticErrorException(alias.Start, alias.End, $"alias *{alias.Value.Value} refers to no anchor defined before it");
        }

        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            _lastLine = (int)scalar.End.Line;
            _lastColumn = (int)scalar.End.Column;
            var node = new ConfigScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, (int)scalar.Start.Line, (int)scalar.Start.Column);
            Remember(scalar.Anchor, node);
            return node;
        }

        if (++_depth > MaxDepth)
        {
            throw new SemanticErrorException(_parser.Current!.Start, _parser.Current.End, $"nesting deeper than {MaxDepth} levels");
        }

        try
        {
            if (_parser.TryConsume<SequenceStart>(out var sequenceStart))
            {
                var items = new List<ConfigNode>();
                while (!_parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(ReadNode());
                }

                var node = new ConfigSequence(items, (int)sequenceStart.Start.Line, (int)sequenceStart.Start.Column);
                Remember(sequenceStart.Anchor, node);
                return node;
            }

            var mappingStart = _parser.Consume<MappingStart>();
            var entries = new List<ConfigEntry>();
            List<ConfigNode>? merges = null;
            while (!_parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode();
                var value = ReadNode();
                if (key is not ConfigScalar keyScalar)
                {
                    throw new SemanticErrorException(new Mark(0, key.Line, key.Column), new Mark(0, key.Line, key.Column), "a key must be plain text, not a list or a mapping");
                }

                if (keyScalar.IsPlain && keyScalar.Value == MergeKey)
                {
                    (merges ??= []).Add(value);
                    continue;
                }

                entries.Add(new ConfigEntry(keyScalar, value));
            }

            if (merges is not null)
            {
                Merge(entries, merges);
            }

            var mapping = new ConfigMapping(entries, (int)mappingStart.Start.Line, (int)mappingStart.Start.Column);
            Remember(mappingStart.Anchor, mapping);
            return mapping;
        }
        finally
        {
            _depth--;
        }
    }

    // YAML merge keys: entries the mapping sets itself win, then earlier merge sources over later ones.
    private static void Merge(List<ConfigEntry> entries, List<ConfigNode> merges)
    {
        var present = new HashSet<string>(entries.Select(e => e.Key.Value), StringComparer.Ordinal);
        foreach (var merge in merges)
        {
            IEnumerable<ConfigNode> sources = merge is ConfigSequence seq ? seq.Items : [merge];
            foreach (var source in sources)
            {
                if (source is not ConfigMapping sourceMapping)
                {
                    var mark = new Mark(0, source.Line, source.Column);
                    throw new SemanticErrorException(mark, mark, "a merge key (<<) takes a mapping or a list of mappings, usually an alias like *defaults");
                }

                foreach (var entry in sourceMapping.Entries)
                {
                    if (present.Add(entry.Key.Value))
                    {
                        entries.Add(entry);
                    }
                }
            }
        }
    }

    private void Remember(AnchorName anchor, ConfigNode node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }
    }

    // YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the position is reported separately.
    private static string StripMarks(string message) => MarksPrefix().Replace(message, string.Empty);

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarksPrefix();
}
