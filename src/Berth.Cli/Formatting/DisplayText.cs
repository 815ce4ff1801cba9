namespace Berth.Cli.Formatting;

/// <summary>stringid.TruncateID and formatter.Ellipsis.</summary>
internal static class DisplayText
{
    public static string TruncateId(string id)
    {
        var colon = id.IndexOf(':');
        if (colon >= 0)
        {
            id = id[(colon + 1)..];
        }

        return id.Length > 12 ? id[..12] : id;
    }

    public static string Ellipsis(string s, int maxWidth)
    {
        var runes = s.EnumerateRunes().ToList();
        if (runes.Count <= maxWidth)
        {
            return s;
        }

        return string.Concat(runes.Take(maxWidth - 1).Select(r => r.ToString())) + "…";
    }

    /// <summary>Go's time.Time.String() for a Unix time, in UTC: "2024-01-02 15:04:05 +0000 UTC".</summary>
    public static string GoTimeString(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " +0000 UTC";
}
