using System.Globalization;
using System.Numerics;

namespace Berth.Cli.Commands.Containers;

/// <summary>go-units RAMInBytes and docker's NanoCPUs parsing, with their error texts.</summary>
internal static class UnitParsers
{
    /// <summary>units.RAMInBytes: "512m" is 512 MiB; suffixes b, k, m, g, t, p with optional "b"/"ib".</summary>
    public static long RamInBytes(string text)
    {
        var sep = text.AsSpan().LastIndexOfAny("01234567890. ");
        if (sep < 0)
        {
            throw new FormatException($"invalid size: '{text}'");
        }

        var (num, suffix) = text[sep] != ' ' ? (text[..(sep + 1)], text[(sep + 1)..]) : (text[..sep], text[(sep + 1)..]);
        if (!double.TryParse(num, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var size))
        {
            throw new FormatException($"strconv.ParseFloat: parsing \"{num}\": invalid syntax");
        }

        if (size < 0)
        {
            throw new FormatException($"invalid size: '{text}'");
        }

        if (suffix.Length == 0)
        {
            return (long)size;
        }

        var lower = suffix.ToLowerInvariant();
        if (suffix.Length > 3 || (lower[0] == 'b' && lower.Length > 1))
        {
            throw new FormatException($"invalid suffix: '{lower}'");
        }

        if (lower[0] == 'b')
        {
            return (long)size;
        }

        var multiplier = lower[0] switch
        {
            'k' => 1L << 10,
            'm' => 1L << 20,
            'g' => 1L << 30,
            't' => 1L << 40,
            'p' => 1L << 50,
            _ => throw new FormatException($"invalid suffix: '{lower}'"),
        };
        if ((lower.Length == 2 && lower[1] != 'b') || (lower.Length == 3 && lower[1..] != "ib"))
        {
            throw new FormatException($"invalid suffix: '{lower}'");
        }

        return (long)(size * multiplier);
    }

    /// <summary>opts.NanoCPUs: an exact decimal times 1e9 that must come out whole.</summary>
    public static long NanoCpus(string text)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cpus))
        {
            throw new FormatException($"failed to parse {text} as a rational number");
        }

        var nano = cpus * 1_000_000_000m;
        if (nano != decimal.Truncate(nano))
        {
            throw new FormatException("value is too precise");
        }

        return (long)new BigInteger(nano);
    }

    /// <summary>strconv.ParseInt with Go's message.</summary>
    public static long ParseInt(string text)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"strconv.ParseInt: parsing \"{text}\": invalid syntax");
        }

        return value;
    }
}
