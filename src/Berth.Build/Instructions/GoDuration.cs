using System.Globalization;

namespace Berth.Build.Instructions;

/// <summary>Go's time.ParseDuration ("1h30m", "2.5s", "300ms", "10us"), as HEALTHCHECK uses.</summary>
public static class GoDuration
{
    public static TimeSpan Parse(string s)
    {
        if (!TryParse(s, out var d))
        {
            throw new FormatException($"time: invalid duration \"{s}\"");
        }
        return d;
    }

    public static bool TryParse(string s, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var i = 0;
        var negative = false;
        if (i < s.Length && s[i] is '+' or '-')
        {
            negative = s[i] == '-';
            i++;
        }
        if (s[i..] == "0")
        {
            return true;
        }
        if (i == s.Length)
        {
            return false;
        }
        decimal totalNs = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }
            if (start == i || !decimal.TryParse(s[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }
            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }
            decimal? unitNs = s[unitStart..i] switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => null,
            };
            if (unitNs is null)
            {
                return false;
            }
            totalNs += n * unitNs.Value;
        }
        var ticks = (long)decimal.Round(totalNs / 100m, MidpointRounding.ToZero);
        duration = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }
}
