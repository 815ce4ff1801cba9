using System.Globalization;
using System.Text;

namespace Berth.Client.Templates;

/// <summary>The fmt.Sprintf subset templates use: %s %v %d %q %t %f %x with flags, width and precision.</summary>
internal static class GoPrintf
{
    public static string Sprintf(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        var argIndex = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }

            if (++i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }

            if (format[i] == '%')
            {
                sb.Append('%');
                continue;
            }

            var minus = false;
            var zero = false;
            var plus = false;
            for (; i < format.Length && format[i] is '-' or '0' or '+' or ' ' or '#'; i++)
            {
                minus |= format[i] == '-';
                zero |= format[i] == '0';
                plus |= format[i] == '+';
            }

            var width = ReadInt(format, ref i);
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = ReadInt(format, ref i) ?? 0;
            }

            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }

            var verb = format[i];
            if (argIndex >= args.Count)
            {
                sb.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }

            var text = FormatOne(verb, GoValues.Normalize(args[argIndex++]), precision, plus);
            if (width is { } w && text.Length < w)
            {
                text = minus ? text.PadRight(w) : zero && verb is 'd' or 'f' ? text.PadLeft(w, '0') : text.PadLeft(w);
            }

            sb.Append(text);
        }

        if (argIndex < args.Count)
        {
            sb.Append("%!(EXTRA ");
            sb.AppendJoin(", ", args.Skip(argIndex).Select(a => GoValues.TypeName(a) + "=" + GoValues.Format(a)));
            sb.Append(')');
        }

        return sb.ToString();
    }

    private static int? ReadInt(string format, ref int i)
    {
        var start = i;
        while (i < format.Length && char.IsDigit(format[i]))
        {
            i++;
        }

        return i > start ? int.Parse(format.AsSpan(start, i - start), CultureInfo.InvariantCulture) : null;
    }

    private static string FormatOne(char verb, object? value, int? precision, bool plus)
    {
        switch (verb)
        {
            case 'v':
                return GoValues.Format(value);
            case 's':
                if (value is long or double or bool)
                {
                    return "%!s(" + GoValues.TypeName(value) + "=" + GoValues.Format(value) + ")";
                }

                var s = GoValues.Format(value);
                return precision is { } p && p < s.Length ? s[..p] : s;
            case 'q':
                return value is string q ? GoValues.ToJson(q) : "%!q(" + GoValues.TypeName(value) + "=" + GoValues.Format(value) + ")";
            case 'd':
                return value switch
                {
                    long l => (plus && l >= 0 ? "+" : string.Empty) + l.ToString(CultureInfo.InvariantCulture),
                    _ => "%!d(" + GoValues.TypeName(value) + "=" + GoValues.Format(value) + ")",
                };
            case 'f':
                return value switch
                {
                    double d => d.ToString("F" + (precision ?? 6).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                    long l => "%!f(int=" + l.ToString(CultureInfo.InvariantCulture) + ")",
                    _ => "%!f(" + GoValues.TypeName(value) + "=" + GoValues.Format(value) + ")",
                };
            case 't':
                return value is bool b ? (b ? "true" : "false") : "%!t(" + GoValues.TypeName(value) + "=" + GoValues.Format(value) + ")";
            case 'x':
                return value switch
                {
                    long l => l.ToString("x", CultureInfo.InvariantCulture),
                    string str => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(str)),
                    _ => "%!x(" + GoValues.TypeName(value) + "=" + GoValues.Format(value) + ")",
                };
            default:
                return "%!" + verb + "(" + GoValues.TypeName(value) + "=" + GoValues.Format(value) + ")";
        }
    }
}
