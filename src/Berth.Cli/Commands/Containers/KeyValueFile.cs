namespace Berth.Cli.Commands.Containers;

/// <summary>kvfile.Parse for --env-file and --label-file: one KEY=VALUE a line, '#' comments.</summary>
internal static class KeyValueFile
{
    /// <param name="lookup">For env files: a bare KEY takes its value from the environment, or is dropped.</param>
    public static IEnumerable<string> Read(string path, Func<string, string?>? lookup)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"open {path}: no such file or directory", ex);
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimStart();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var eq = line.IndexOf('=');
            var key = eq < 0 ? line : line[..eq];
            if (key.Any(char.IsWhiteSpace))
            {
                throw new FormatException($"variable '{key}' contains whitespaces");
            }

            if (eq >= 0)
            {
                yield return line;
            }
            else if (lookup is null)
            {
                yield return line;
            }
            else if (lookup(key) is { } value)
            {
                yield return key + "=" + value;
            }
        }
    }
}
