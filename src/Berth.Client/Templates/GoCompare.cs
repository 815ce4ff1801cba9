using System.Text.Json.Nodes;

namespace Berth.Client.Templates;

/// <summary>eq/ne/lt/gt semantics for basic kinds, like text/template's comparison functions.</summary>
internal static class GoCompare
{
    public static bool AreEqual(object? a, object? b)
    {
        a = Nil(GoValues.Normalize(a));
        b = Nil(GoValues.Normalize(b));
        return (a, b) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
            (long x, long y) => x == y,
            (long or double, long or double) => Convert.ToDouble(a, System.Globalization.CultureInfo.InvariantCulture) == Convert.ToDouble(b, System.Globalization.CultureInfo.InvariantCulture),
            (bool x, bool y) => x == y,
            (JsonNode, JsonNode) => ReferenceEquals(a, b),
            _ => throw new TemplateException($"error calling eq: incompatible types for comparison"),
        };
    }

    public static int Compare(object? a, object? b)
    {
        a = GoValues.Normalize(a);
        b = GoValues.Normalize(b);
        return (a, b) switch
        {
            (string x, string y) => string.CompareOrdinal(x, y),
            (long x, long y) => x.CompareTo(y),
            (long or double, long or double) => Convert.ToDouble(a, System.Globalization.CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, System.Globalization.CultureInfo.InvariantCulture)),
            _ => throw new TemplateException("error calling lt: incompatible types for comparison"),
        };
    }

    private static object? Nil(object? value) => value is NoValue ? null : value;
}
