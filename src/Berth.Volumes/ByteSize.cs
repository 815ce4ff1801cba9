using System.Globalization;

namespace Berth.Volumes;

/// <summary>Docker's units.RAMInBytes: "100m", "1.5g", "64k", "512" (binary multiples, case-insensitive, optional "b"/"ib").</summary>
internal static class ByteSize
{
    public static long Parse(string value, Func<string, Exception> error)
    {
        string s = value.Trim().ToLowerInvariant();
        int end = s.Length;
        while (end > 0 && char.IsLetter(s[end - 1]))
        {
            end--;
        }
        string number = s[..end];
        string unit = s[end..];
        long multiplier = unit switch
        {
            "" or "b" => 1,
            "k" or "kb" or "kib" => 1L << 10,
            "m" or "mb" or "mib" => 1L << 20,
            "g" or "gb" or "gib" => 1L << 30,
            "t" or "tb" or "tib" => 1L << 40,
            "p" or "pb" or "pib" => 1L << 50,
            _ => 0,
        };
        if (multiplier == 0 || number.Length == 0
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double amount))
        {
            throw error($"invalid size: '{value}'");
        }
        return (long)(amount * multiplier);
    }
}
