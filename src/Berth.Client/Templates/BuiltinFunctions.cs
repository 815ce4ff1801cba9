using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Client.Templates;

/// <summary>Go's template builtins plus the functions docker adds (json, join, split, upper, ...).</summary>
internal static class BuiltinFunctions
{
    /// <summary>Handled by the executor because their arguments are evaluated lazily.</summary>
    public static readonly HashSet<string> ShortCircuit = ["and", "or"];

    public static readonly IReadOnlyDictionary<string, TemplateFunction> All = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal)
    {
        ["json"] = a => GoValues.ToJson(Arg(a, 0, "json")),
        ["join"] = a => string.Join(Str(a, 1, "join"), Items(Arg(a, 0, "join")).Select(GoValues.Format)),
        ["split"] = a => Split(Str(a, 0, "split"), Str(a, 1, "split")),
        ["lower"] = a => Str(a, 0, "lower").ToLowerInvariant(),
        ["upper"] = a => Str(a, 0, "upper").ToUpperInvariant(),
        ["title"] = a => Title(Str(a, 0, "title")),
        ["truncate"] = a => Truncate(Str(a, 0, "truncate"), Int(a, 1, "truncate")),
        ["pad"] = a => new string(' ', (int)Int(a, 1, "pad")) + Str(a, 0, "pad") + new string(' ', (int)Int(a, 2, "pad")),
        ["print"] = a => Sprint(a),
        ["println"] = a => string.Join(" ", a.Select(GoValues.Format)) + "\n",
        ["printf"] = a => GoPrintf.Sprintf(Str(a, 0, "printf"), a.Skip(1).ToList()),
        ["len"] = a => Len(Arg(a, 0, "len")),
        ["index"] = a => Index(a),
        ["slice"] = a => Slice(a),
        ["not"] = a => !GoValues.IsTrue(Arg(a, 0, "not")),
        ["eq"] = a => Eq(a),
        ["ne"] = a => !GoCompare.AreEqual(Arg(a, 0, "ne"), Arg(a, 1, "ne")),
        ["lt"] = a => GoCompare.Compare(Arg(a, 0, "lt"), Arg(a, 1, "lt")) < 0,
        ["le"] = a => GoCompare.Compare(Arg(a, 0, "le"), Arg(a, 1, "le")) <= 0,
        ["gt"] = a => GoCompare.Compare(Arg(a, 0, "gt"), Arg(a, 1, "gt")) > 0,
        ["ge"] = a => GoCompare.Compare(Arg(a, 0, "ge"), Arg(a, 1, "ge")) >= 0,
        ["and"] = a => a.Count == 0 ? null : a.FirstOrDefault(v => !GoValues.IsTrue(v), a[^1]),
        ["or"] = a => a.Count == 0 ? null : a.FirstOrDefault(GoValues.IsTrue, a[^1]),
    };

    /// <summary>
    /// Methods of docker's formatter contexts, called as <c>{{.Label "key"}}</c>; the first argument is
    /// the receiver (a row). Rows carry "Labels" as docker prints them ("a=1,b=2") or as an object.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, TemplateFunction> Methods = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal)
    {
        ["Label"] = a => Label(Arg(a, 0, "Label"), Str(a, 1, "Label")),
    };

    /// <summary>docker renders table headers with these replaced by identity functions.</summary>
    public static readonly IReadOnlyDictionary<string, TemplateFunction> HeaderOverrides = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal)
    {
        ["json"] = a => Arg(a, 0, "json"),
        ["split"] = a => Arg(a, 0, "split"),
        ["join"] = a => Arg(a, 0, "join"),
        ["title"] = a => Arg(a, 0, "title"),
        ["lower"] = a => Arg(a, 0, "lower"),
        ["upper"] = a => Arg(a, 0, "upper"),
        ["truncate"] = a => Arg(a, 0, "truncate"),
    };

    private static string Label(object? row, string key)
    {
        var labels = row is JsonObject o && o.TryGetPropertyValue("Labels", out var value) ? value : null;
        if (labels is JsonObject map)
        {
            return map.TryGetPropertyValue(key, out var v) ? (string?)v ?? string.Empty : string.Empty;
        }

        foreach (var pair in ((string?)labels as string ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if ((eq < 0 ? pair : pair[..eq]) == key)
            {
                return eq < 0 ? string.Empty : pair[(eq + 1)..];
            }
        }

        return string.Empty;
    }

    private static object? Arg(IReadOnlyList<object?> args, int i, string fn) =>
        i < args.Count ? GoValues.Normalize(args[i]) : throw new TemplateException($"wrong number of args for {fn}: want {i + 1} got {args.Count}");

    private static string Str(IReadOnlyList<object?> args, int i, string fn) => Arg(args, i, fn) switch
    {
        string s => s,
        var v => throw new TemplateException($"wrong type for value; expected string; got {GoValues.TypeName(v)}"),
    };

    private static long Int(IReadOnlyList<object?> args, int i, string fn) => Arg(args, i, fn) switch
    {
        long l => l,
        double d when d == Math.Floor(d) => (long)d,
        var v => throw new TemplateException($"wrong type for value; expected int; got {GoValues.TypeName(v)}"),
    };

    public static IEnumerable<object?> Items(object? value) => GoValues.Normalize(value) switch
    {
        JsonArray array => array.Select(n => GoValues.Normalize(n)),
        IReadOnlyList<object?> list => list,
        null or NoValue => [],
        var v => throw new TemplateException($"wrong type for value; expected []string; got {GoValues.TypeName(v)}"),
    };

    private static List<object?> Split(string s, string sep)
    {
        if (sep.Length == 0)
        {
            return s.Select(c => (object?)c.ToString()).ToList();
        }

        return s.Split(sep).Select(p => (object?)p).ToList();
    }

    private static string Truncate(string s, long length)
    {
        var runes = s.EnumerateRunes().ToList();
        return runes.Count <= length ? s : string.Concat(runes.Take((int)length).Select(r => r.ToString()));
    }

    // strings.Title: upper-case the first letter of each word; letters, digits, '_' and '\'' continue a word.
    private static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var previousIsSeparator = true;
        foreach (var c in s)
        {
            sb.Append(previousIsSeparator ? char.ToUpperInvariant(c) : c);
            previousIsSeparator = !(char.IsLetterOrDigit(c) || c is '_' or '\'');
        }

        return sb.ToString();
    }

    // fmt.Sprint adds spaces between operands when neither side is a string.
    private static string Sprint(IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            var value = GoValues.Normalize(args[i]);
            if (i > 0 && value is not string && GoValues.Normalize(args[i - 1]) is not string)
            {
                sb.Append(' ');
            }

            sb.Append(GoValues.Format(value));
        }

        return sb.ToString();
    }

    private static long Len(object? value) => value switch
    {
        string s => Encoding.UTF8.GetByteCount(s),
        JsonArray a => a.Count,
        JsonObject o => o.Count,
        IReadOnlyList<object?> l => l.Count,
        _ => throw new TemplateException($"error calling len: len of type {GoValues.TypeName(value)}"),
    };

    private static object? Index(IReadOnlyList<object?> args)
    {
        var item = Arg(args, 0, "index");
        for (var i = 1; i < args.Count; i++)
        {
            var key = GoValues.Normalize(args[i]);
            item = (item, key) switch
            {
                // Typed map[string]string lookups of a missing key give "" in docker.
                (JsonObject o, string k) => o.TryGetPropertyValue(k, out var v) ? GoValues.Normalize(v) : string.Empty,
                (JsonArray a, long n) => n >= 0 && n < a.Count ? GoValues.Normalize(a[(int)n]) : throw new TemplateException($"error calling index: index out of range: {n}"),
                (IReadOnlyList<object?> l, long n) => n >= 0 && n < l.Count ? l[(int)n] : throw new TemplateException($"error calling index: index out of range: {n}"),
                (null or NoValue, _) => throw new TemplateException("error calling index: index of untyped nil"),
                _ => throw new TemplateException($"error calling index: cannot index {GoValues.TypeName(item)} with {GoValues.TypeName(key)}"),
            };
        }

        return item;
    }

    private static object? Slice(IReadOnlyList<object?> args)
    {
        var item = Arg(args, 0, "slice");
        var bounds = args.Skip(1).Select(a => GoValues.Normalize(a) is long l ? (int)l : throw new TemplateException("error calling slice: cannot index slice/array with nonint")).ToArray();
        switch (item)
        {
            case string s:
                var from = bounds.Length > 0 ? bounds[0] : 0;
                var to = bounds.Length > 1 ? bounds[1] : s.Length;
                Check(from, to, s.Length);
                return s[from..to];
            case JsonArray or IReadOnlyList<object?>:
                var list = Items(item).ToList();
                var start = bounds.Length > 0 ? bounds[0] : 0;
                var end = bounds.Length > 1 ? bounds[1] : list.Count;
                Check(start, end, list.Count);
                return list.GetRange(start, end - start);
            default:
                throw new TemplateException($"error calling slice: can't slice item of type {GoValues.TypeName(item)}");
        }

        static void Check(int from, int to, int length)
        {
            if (from < 0 || to > length || from > to)
            {
                throw new TemplateException($"error calling slice: index out of range: {(from < 0 || from > length ? from : to).ToString(CultureInfo.InvariantCulture)}");
            }
        }
    }

    private static bool Eq(IReadOnlyList<object?> args)
    {
        var first = Arg(args, 0, "eq");
        if (args.Count < 2)
        {
            throw new TemplateException("missing argument for comparison");
        }

        return args.Skip(1).Any(a => GoCompare.AreEqual(first, a));
    }
}
