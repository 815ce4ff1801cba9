using System.Globalization;
using Berth.Core.Errors;
using Berth.Core.Text;

namespace Berth.Images.Filters;

/// <summary>
/// Docker's timestamp forms for `until`/`since`-style filters: a Go duration ("10m", "1h30m")
/// counted back from now, a unix time ("1700000000" or with fraction), or an RFC 3339 / date string.
/// </summary>
internal static class Timestamps
{
    public static DateTimeOffset Parse(string value, DateTimeOffset now)
    {
        if (value != "0" && GoDuration.TryParse(value, out var duration))
        {
            return now - duration;
        }

        if (value.Length > 0 && value.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
            {
                var whole = (long)decimal.Truncate(seconds);
                var ticks = (long)((seconds - whole) * TimeSpan.TicksPerSecond);
                return DateTimeOffset.FromUnixTimeSeconds(whole).AddTicks(ticks);
            }
        }

        if (Rfc3339.TryParse(value, out var parsed))
        {
            return parsed;
        }

        throw EngineException.InvalidArgument($"failed to parse value as time or duration: \"{value}\"");
    }
}
