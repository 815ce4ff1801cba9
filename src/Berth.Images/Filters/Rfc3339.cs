using System.Globalization;

namespace Berth.Images.Filters;

/// <summary>RFC 3339 timestamps as Go writes them (RFC3339Nano, trailing zeros trimmed) and reads them (up to 9 fraction digits).</summary>
internal static class Rfc3339
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static bool TryParse(string? value, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        // .NET reads at most 7 fraction digits; Go writes up to 9.
        var dot = value.IndexOf('.');
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < value.Length && char.IsAsciiDigit(value[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                value = string.Concat(value.AsSpan(0, dot + 8), value.AsSpan(end));
            }
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}
