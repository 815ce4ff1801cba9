namespace Berth.Build.Instructions;

/// <summary>"did you mean ...?" hints from the closest candidate by edit distance.</summary>
internal static class Suggest
{
    public static string Wrap(string message, string value, IEnumerable<string> options, bool upper = false)
    {
        var best = Search(value, options);
        return best is null ? message : $"{message} (did you mean {(upper ? best.ToUpperInvariant() : best)}?)";
    }

    public static string? Search(string value, IEnumerable<string> options)
    {
        var v = value.ToLowerInvariant();
        string? best = null;
        var bestDist = int.MaxValue;
        foreach (var option in options)
        {
            var d = Distance(v, option.ToLowerInvariant());
            if (d < bestDist)
            {
                bestDist = d;
                best = option;
            }
        }
        return best is not null && bestDist > 0 && bestDist <= Math.Max(1, v.Length / 2) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
