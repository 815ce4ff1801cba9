using System.Globalization;

namespace Berth.Api.Containers;

/// <summary>go-units' HumanDuration, the wording of `docker ps` STATUS ("Up 3 minutes").</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < 1)
        {
            return "Less than a second";
        }

        if (seconds == 1)
        {
            return "1 second";
        }

        if (seconds < 60)
        {
            return Plural(seconds, "seconds");
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes == 1)
        {
            return "About a minute";
        }

        if (minutes < 60)
        {
            return Plural(minutes, "minutes");
        }

        var hours = (long)(d.TotalHours + 0.5);
        return hours switch
        {
            1 => "About an hour",
            < 48 => Plural(hours, "hours"),
            < 24 * 7 * 2 => Plural(hours / 24, "days"),
            < 24 * 30 * 2 => Plural(hours / 24 / 7, "weeks"),
            < 24 * 365 * 2 => Plural(hours / 24 / 30, "months"),
            _ => Plural((long)d.TotalHours / 24 / 365, "years"),
        };
    }

    private static string Plural(long n, string unit) => n.ToString(CultureInfo.InvariantCulture) + " " + unit;
}
