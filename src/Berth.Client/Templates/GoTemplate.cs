using System.Text.Json.Nodes;

namespace Berth.Client.Templates;

/// <summary>
/// A parsed Go text/template (the subset docker's --format uses) evaluated over JSON data.
/// Thread-safe once parsed; each Execute call has its own state.
/// </summary>
public sealed class GoTemplate
{
    private readonly ListNode _root;
    private readonly IReadOnlyDictionary<string, TemplateFunction> _functions;

    private GoTemplate(string name, ListNode root, IReadOnlyDictionary<string, TemplateFunction> functions)
    {
        Name = name;
        _root = root;
        _functions = functions;
    }

    public string Name { get; }

    /// <summary>Parses <paramref name="text"/>; extra functions are added to (or replace) the builtins.</summary>
    public static GoTemplate Parse(string name, string text, IReadOnlyDictionary<string, TemplateFunction>? functions = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var all = Merge(BuiltinFunctions.All, functions);
        var root = TemplateParser.Parse(name ?? string.Empty, text, all.ContainsKey);
        return new GoTemplate(name ?? string.Empty, root, all);
    }

    /// <summary>The same template with docker's header functions (identity json/upper/...) for table headers.</summary>
    public GoTemplate WithHeaderFunctions() => new(Name, _root, Merge(_functions, BuiltinFunctions.HeaderOverrides));

    /// <summary>Runs the template; data is a JsonNode (or null).</summary>
    public void Execute(TextWriter output, JsonNode? data)
    {
        ArgumentNullException.ThrowIfNull(output);
        new TemplateExecutor(Name, _functions, output).Execute(_root, data);
    }

    public string Execute(JsonNode? data)
    {
        var writer = new StringWriter();
        Execute(writer, data);
        return writer.ToString();
    }

    private static Dictionary<string, TemplateFunction> Merge(IReadOnlyDictionary<string, TemplateFunction> a, IReadOnlyDictionary<string, TemplateFunction>? b)
    {
        var merged = new Dictionary<string, TemplateFunction>(a, StringComparer.Ordinal);
        if (b is not null)
        {
            foreach (var (key, value) in b)
            {
                merged[key] = value;
            }
        }

        return merged;
    }
}
