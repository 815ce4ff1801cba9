using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Cli.Commands.Containers;

/// <summary>timetypes.GetTimestamp: "10m" (Go duration, before now), a Unix time, or an RFC 3339 date, as "seconds.nanos".</summary>
internal static partial class TimestampArg
{
    public static string? Convert(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (Duration().Match(value) is { Success: true } match)
        {
            var ticks = 0.0;
            foreach (Capture part in match.Groups[1].Captures)
            {
                var unit = part.Value.TrimStart("0123456789.".ToCharArray());
                var number = double.Parse(part.Value[..^unit.Length], CultureInfo.InvariantCulture);
                ticks += number * unit switch
                {
                    "h" => TimeSpan.TicksPerHour,
                    "m" => TimeSpan.TicksPerMinute,
                    "s" => TimeSpan.TicksPerSecond,
                    "ms" => TimeSpan.TicksPerMillisecond,
                    "us" or "µs" => 10,
                    _ => 0.01,
                };
            }

            return Format(now - TimeSpan.FromTicks((long)ticks));
        }

        if (Unix().IsMatch(value))
        {
            return value;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return Format(date);
        }

        throw new FormatException($"failed to parse value as time or duration: \"{value}\"");
    }

    private static string Format(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return $"{ticks / TimeSpan.TicksPerSecond}.{ticks % TimeSpan.TicksPerSecond * 100:D9}";
    }

    [GeneratedRegex(@"^(?:([0-9]+(?:\.[0-9]+)?(?:ns|us|µs|ms|h|m|s)))+$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?$")]
    private static partial Regex Unix();
}
