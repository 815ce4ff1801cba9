using System.Globalization;

namespace Berth.Cli.Commands.Containers;

/// <summary>Go's time.ParseDuration ("1m30s", "300ms", "-1.5h") with its error texts, in nanoseconds.</summary>
internal static class GoDuration
{
    public static long Parse(string text)
    {
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return 0;
        }

        if (s.IsEmpty)
        {
            throw Invalid(text);
        }

        decimal total = 0;
        while (!s.IsEmpty)
        {
            var numberEnd = 0;
            while (numberEnd < s.Length && (char.IsAsciiDigit(s[numberEnd]) || s[numberEnd] == '.'))
            {
                numberEnd++;
            }

            var number = s[..numberEnd];
            if (number.IsEmpty || number is "." || number.Count('.') > 1)
            {
                throw Invalid(text);
            }

            s = s[numberEnd..];
            var unitEnd = 0;
            while (unitEnd < s.Length && s[unitEnd] != '.' && !char.IsAsciiDigit(s[unitEnd]))
            {
                unitEnd++;
            }

            if (unitEnd == 0)
            {
                throw new FormatException($"time: missing unit in duration \"{text}\"");
            }

            var unit = s[..unitEnd].ToString();
            long nanosPerUnit = unit switch
            {
                "ns" => 1,
                "us" or "µs" or "μs" => 1_000,
                "ms" => 1_000_000,
                "s" => 1_000_000_000,
                "m" => 60_000_000_000,
                "h" => 3_600_000_000_000,
                _ => throw new FormatException($"time: unknown unit \"{unit}\" in duration \"{text}\""),
            };
            s = s[unitEnd..];
            total += decimal.Parse(number.StartsWith(".") ? "0" + number.ToString() : number.ToString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * nanosPerUnit;
            if (total > long.MaxValue)
            {
                throw Invalid(text);
            }
        }

        var nanos = (long)decimal.Truncate(total);
        return negative ? -nanos : nanos;
    }

    private static FormatException Invalid(string text) => new($"time: invalid duration \"{text}\"");
}
