using Berth.Core.Errors;

namespace Berth.Images.Filters;

/// <summary>
/// Go's path.Match, which Docker uses for the `reference` filter: '*' and '?' never cross '/',
/// '[...]' classes with ranges and '^' negation, '\\' escapes. A malformed pattern is an error
/// ("syntax error in pattern"), as in Go.
/// </summary>
internal static class GoPathMatch
{
    private const string BadPattern = "syntax error in pattern";

    public static bool IsMatch(string pattern, string name)
    {
        while (pattern.Length > 0)
        {
            var (star, chunk, rest) = ScanChunk(pattern);
            pattern = rest;
            if (star && chunk.Length == 0)
            {
                return !name.Contains('/');
            }

            var (t, ok) = MatchChunk(chunk, name);
            if (ok && (t.Length == 0 || pattern.Length > 0))
            {
                name = t;
                continue;
            }

            var advanced = false;
            if (star)
            {
                for (var i = 0; i < name.Length && name[i] != '/'; i++)
                {
                    (t, ok) = MatchChunk(chunk, name[(i + 1)..]);
                    if (ok)
                    {
                        if (pattern.Length == 0 && t.Length > 0)
                        {
                            continue;
                        }

                        name = t;
                        advanced = true;
                        break;
                    }
                }
            }

            if (advanced)
            {
                continue;
            }

            // Like Go, report a malformed remainder even when the match already failed.
            while (pattern.Length > 0)
            {
                (_, chunk, pattern) = ScanChunk(pattern);
                MatchChunk(chunk, string.Empty);
            }

            return false;
        }

        return name.Length == 0;
    }

    private static (bool Star, string Chunk, string Remaining) ScanChunk(string pattern)
    {
        var star = false;
        while (pattern.Length > 0 && pattern[0] == '*')
        {
            pattern = pattern[1..];
            star = true;
        }

        var inRange = false;
        var i = 0;
        for (; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 < pattern.Length)
                {
                    i++;
                }
            }
            else if (c == '[')
            {
                inRange = true;
            }
            else if (c == ']')
            {
                inRange = false;
            }
            else if (c == '*' && !inRange)
            {
                break;
            }
        }

        return (star, pattern[..i], pattern[i..]);
    }

    private static (string Remaining, bool Ok) MatchChunk(string chunk, string s)
    {
        var failed = false;
        while (chunk.Length > 0)
        {
            if (!failed && s.Length == 0)
            {
                failed = true;
            }

            switch (chunk[0])
            {
                case '[':
                    var r = '\0';
                    if (!failed)
                    {
                        r = s[0];
                        s = s[1..];
                    }

                    chunk = chunk[1..];
                    var negated = chunk.Length > 0 && chunk[0] == '^';
                    if (negated)
                    {
                        chunk = chunk[1..];
                    }

                    var match = false;
                    var ranges = 0;
                    while (true)
                    {
                        if (chunk.Length > 0 && chunk[0] == ']' && ranges > 0)
                        {
                            chunk = chunk[1..];
                            break;
                        }

                        (var lo, chunk) = GetEscaped(chunk);
                        var hi = lo;
                        if (chunk[0] == '-')
                        {
                            (hi, chunk) = GetEscaped(chunk[1..]);
                        }

                        if (lo <= r && r <= hi)
                        {
                            match = true;
                        }

                        ranges++;
                    }

                    if (match == negated)
                    {
                        failed = true;
                    }

                    break;
                case '?':
                    if (!failed)
                    {
                        failed = s[0] == '/';
                        s = s[1..];
                    }

                    chunk = chunk[1..];
                    break;
                default:
                    if (chunk[0] == '\\')
                    {
                        chunk = chunk[1..];
                        if (chunk.Length == 0)
                        {
                            throw EngineException.InvalidArgument(BadPattern);
                        }
                    }

                    if (!failed)
                    {
                        failed = chunk[0] != s[0];
                        s = s[1..];
                    }

                    chunk = chunk[1..];
                    break;
            }
        }

        return failed ? (string.Empty, false) : (s, true);
    }

    private static (char Value, string Remaining) GetEscaped(string chunk)
    {
        if (chunk.Length == 0 || chunk[0] == '-' || chunk[0] == ']')
        {
            throw EngineException.InvalidArgument(BadPattern);
        }

        if (chunk[0] == '\\')
        {
            chunk = chunk[1..];
            if (chunk.Length == 0)
            {
                throw EngineException.InvalidArgument(BadPattern);
            }
        }

        var rest = chunk[1..];
        if (rest.Length == 0)
        {
            throw EngineException.InvalidArgument(BadPattern);
        }

        return (chunk[0], rest);
    }
}
