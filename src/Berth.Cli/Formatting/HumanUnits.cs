using System.Globalization;

namespace Berth.Cli.Formatting;

/// <summary>docker/go-units HumanSize, BytesSize and HumanDuration, digit for digit.</summary>
internal static class HumanUnits
{
    private static readonly string[] s_decimal = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    private static readonly string[] s_binary = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

    /// <summary>units.HumanSizeWithPrecision: "%.*g%s" over powers of 1000.</summary>
    public static string HumanSizeWithPrecision(double size, int precision)
    {
        var (value, unit) = Scale(size, 1000.0, s_decimal);
        return FormatG(value, precision) + unit;
    }

    /// <summary>units.HumanSize: precision 4.</summary>
    public static string HumanSize(double size) => HumanSizeWithPrecision(size, 4);

    /// <summary>units.BytesSize: "%.4g%s" over powers of 1024 (info's Total Memory).</summary>
    public static string BytesSize(double size)
    {
        var (value, unit) = Scale(size, 1024.0, s_binary);
        return FormatG(value, 4) + unit;
    }

    private static (double Value, string Unit) Scale(double size, double unitBase, string[] units)
    {
        var i = 0;
        while (size >= unitBase && i < units.Length - 1)
        {
            size /= unitBase;
            i++;
        }

        return (size, units[i]);
    }

    /// <summary>Go's %.{precision}g: shortest form with at most precision significant digits.</summary>
    public static string FormatG(double value, int precision)
    {
        if (value == 0)
        {
            return "0";
        }

        // Round to the significant digits first; the exponent decision uses the rounded value.
        var e = value.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var mantissa = e[..e.IndexOf('E')];
        var exponent = int.Parse(e.AsSpan(e.IndexOf('E') + 1), CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= precision)
        {
            var m = mantissa.Contains('.') ? mantissa.TrimEnd('0').TrimEnd('.') : mantissa;
            return m + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }

        var rounded = double.Parse(e, CultureInfo.InvariantCulture);
        var decimals = Math.Max(0, precision - 1 - exponent);
        var fixedText = rounded.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return fixedText.Contains('.') ? fixedText.TrimEnd('0').TrimEnd('.') : fixedText;
    }

    /// <summary>units.HumanDuration.</summary>
    public static string HumanDuration(TimeSpan d)
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
            return $"{seconds} seconds";
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes == 1)
        {
            return "About a minute";
        }

        if (minutes < 60)
        {
            return $"{minutes} minutes";
        }

        // d.Round(time.Hour).Hours(): halves round away from zero.
        var hours = (long)Math.Round(d.TotalHours, MidpointRounding.AwayFromZero);
        if (hours == 1)
        {
            return "About an hour";
        }

        if (hours < 48)
        {
            return $"{hours} hours";
        }

        if (hours < 24 * 7 * 2)
        {
            return $"{hours / 24} days";
        }

        if (hours < 24 * 30 * 2)
        {
            return $"{hours / 24 / 7} weeks";
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24 / 30} months";
        }

        return $"{(long)d.TotalHours / 24 / 365} years";
    }
}
