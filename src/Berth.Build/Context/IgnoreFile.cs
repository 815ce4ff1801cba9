namespace Berth.Build.Context;

/// <summary>Reads .dockerignore text into cleaned patterns (Docker's ignorefile.ReadAll rules).</summary>
public static class IgnoreFile
{
    public static IReadOnlyList<string> ReadAll(string text)
    {
        var patterns = new List<string>();
        var first = true;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = first && rawLine.StartsWith('\uFEFF') ? rawLine[1..] : rawLine;
            first = false;
            if (line.StartsWith('#'))
            {
                continue;
            }
            var pattern = line.Trim();
            if (pattern.Length == 0)
            {
                continue;
            }
            var invert = pattern[0] == '!';
            if (invert)
            {
                pattern = pattern[1..].Trim();
            }
            if (pattern.Length > 0)
            {
                pattern = PathClean.Clean(pattern);
                if (pattern.Length > 1 && pattern[0] == '/')
                {
                    pattern = pattern[1..];
                }
            }
            patterns.Add(invert ? "!" + pattern : pattern);
        }
        return patterns;
    }
}
