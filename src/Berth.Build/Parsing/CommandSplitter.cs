using System.Text;

namespace Berth.Build.Parsing;

/// <summary>Splits a logical line into keyword, leading <c>--flags</c> and the rest.</summary>
internal static class CommandSplitter
{
    public static (string Cmd, List<string> Flags, string Args) Split(string line)
    {
        var trimmed = line.Trim(GoSpace.Chars);
        var i = 0;
        while (i < trimmed.Length && !GoSpace.IsTokenWhitespace(trimmed[i]))
        {
            i++;
        }
        var cmd = trimmed[..i];
        while (i < trimmed.Length && GoSpace.IsTokenWhitespace(trimmed[i]))
        {
            i++;
        }
        if (i >= trimmed.Length)
        {
            return (cmd, [], "");
        }
        var (args, flags) = ExtractBuilderFlags(trimmed[i..]);
        return (cmd, flags, args.Trim(GoSpace.Chars));
    }

    // Flags are the leading words that start with "--"; a bare "--" ends them. Quotes and '\' are
    // resolved inside flag words (always '\', whatever the escape directive says, as BuildKit).
    private static (string Remainder, List<string> Flags) ExtractBuilderFlags(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var phase = Phase.InSpaces;
        var quote = '\0';
        var blankOk = false;
        for (var pos = 0; pos <= line.Length; pos++)
        {
            var ch = pos < line.Length ? line[pos] : '\0';
            if (phase == Phase.InSpaces)
            {
                if (pos == line.Length)
                {
                    break;
                }
                if (GoSpace.IsSpace(ch))
                {
                    continue;
                }
                if (ch != '-' || pos + 1 == line.Length || line[pos + 1] != '-')
                {
                    return (line[pos..], words);
                }
                phase = Phase.InWord;
            }
            if (pos == line.Length)
            {
                if (word.ToString() != "--" && (blankOk || word.Length > 0))
                {
                    words.Add(word.ToString());
                }
                break;
            }
            if (phase == Phase.InWord)
            {
                if (GoSpace.IsSpace(ch))
                {
                    phase = Phase.InSpaces;
                    if (word.ToString() == "--")
                    {
                        return (line[pos..], words);
                    }
                    if (blankOk || word.Length > 0)
                    {
                        words.Add(word.ToString());
                    }
                    word.Clear();
                    blankOk = false;
                    continue;
                }
                if (ch is '\'' or '"')
                {
                    quote = ch;
                    blankOk = true;
                    phase = Phase.InQuote;
                    continue;
                }
                if (ch == '\\')
                {
                    if (pos + 1 == line.Length)
                    {
                        continue;
                    }
                    ch = line[++pos];
                }
                word.Append(ch);
                continue;
            }
            if (ch == quote)
            {
                phase = Phase.InWord;
                continue;
            }
            if (ch == '\\')
            {
                if (pos + 1 == line.Length)
                {
                    phase = Phase.InWord;
                    continue;
                }
                ch = line[++pos];
            }
            word.Append(ch);
        }
        return ("", words);
    }

    private enum Phase
    {
        InSpaces,
        InWord,
        InQuote,
    }
}
