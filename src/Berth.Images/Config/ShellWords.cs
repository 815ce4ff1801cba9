using System.Text;

namespace Berth.Images.Config;

/// <summary>
/// Splits Dockerfile instruction arguments into words as the Dockerfile shell lexer does for
/// ENV/LABEL/EXPOSE/VOLUME: unquoted whitespace separates, "..." and '...' group (and are
/// removed), a backslash escapes the next character (inside "..." only \" \\ and \$).
/// </summary>
internal static class ShellWords
{
    public static IReadOnlyList<string> Split(string input)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c == '\\' && i + 1 < input.Length)
            {
                current.Append(input[++i]);
            }
            else if (c == '\'')
            {
                var end = input.IndexOf('\'', i + 1);
                end = end < 0 ? input.Length : end;
                current.Append(input, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                i++;
                for (; i < input.Length && input[i] != '"'; i++)
                {
                    if (input[i] == '\\' && i + 1 < input.Length && input[i + 1] is '"' or '\\' or '$')
                    {
                        i++;
                    }

                    current.Append(input[i]);
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    /// <summary>"k=v k2=v2" or the legacy single pair "k some value"; keys keep their case.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> NameValues(string instruction, string args)
    {
        var trimmed = args.Trim();
        var firstSpace = trimmed.IndexOfAny([' ', '\t']);
        var firstWord = firstSpace < 0 ? trimmed : trimmed[..firstSpace];
        if (!firstWord.Contains('='))
        {
            if (firstSpace < 0)
            {
                throw Berth.Core.Errors.EngineException.InvalidArgument($"{instruction} must have two arguments");
            }

            var value = Split(trimmed[firstSpace..].Trim());
            return [new(firstWord, string.Join(' ', value))];
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var word in Split(trimmed))
        {
            var eq = word.IndexOf('=');
            if (eq <= 0)
            {
                throw Berth.Core.Errors.EngineException.InvalidArgument($"{instruction} names can not be blank");
            }

            pairs.Add(new(word[..eq], word[(eq + 1)..]));
        }

        return pairs;
    }
}
