using System.Globalization;

namespace Berth.Core.Text;

/// <summary>Go's time.ParseDuration ("300ms", "-1.5h", "2h45m"), as image filters and HEALTHCHECK flags take it.</summary>
public static class GoDuration
{
    public static TimeSpan Parse(string value) =>
        TryParse(value, out var duration) ? duration : throw new FormatException($"time: invalid duration \"{value}\"");

    public static bool TryParse(string value, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var s = value.AsSpan();
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.SequenceEqual("0"))
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        decimal totalNanoseconds = 0;
        while (!s.IsEmpty)
        {
            var i = 0;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == 0 || !decimal.TryParse(s[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            s = s[i..];
            var u = 0;
            while (u < s.Length && !char.IsAsciiDigit(s[u]) && s[u] != '.')
            {
                u++;
            }

            decimal? unit = s[..u] switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            totalNanoseconds += number * unit.Value;
            s = s[u..];
        }

        var ticks = (long)(totalNanoseconds / 100m);
        duration = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    /// <summary>Nanoseconds, as Docker stores durations in Healthcheck.</summary>
    public static long ToNanoseconds(TimeSpan duration) => duration.Ticks * 100;
}
