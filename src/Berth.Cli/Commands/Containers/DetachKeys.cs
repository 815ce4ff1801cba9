namespace Berth.Cli.Commands.Containers;

/// <summary>term.ToBytes: "ctrl-p,ctrl-q" into the byte sequence that detaches a session.</summary>
internal static class DetachKeys
{
    public const string Default = "ctrl-p,ctrl-q";

    public static byte[] Parse(string keys)
    {
        var result = new List<byte>();
        foreach (var key in keys.Split(','))
        {
            var lower = key.ToLowerInvariant();
            if (key.Length == 1)
            {
                result.Add((byte)key[0]);
            }
            else if (lower.StartsWith("ctrl-", StringComparison.Ordinal) && lower.Length == 6 && ControlCode(lower[5]) is { } code)
            {
                result.Add(code);
            }
            else
            {
                throw new FormatException($"Unknown character: '{key}'");
            }
        }

        return [.. result];
    }

    // ctrl-a..ctrl-z are 1..26; ctrl-@ [ \ ] ^ _ are 0 and 27..31.
    private static byte? ControlCode(char c) => c switch
    {
        >= 'a' and <= 'z' => (byte)(c - 'a' + 1),
        '@' => 0,
        '[' => 27,
        '\\' => 28,
        ']' => 29,
        '^' => 30,
        '_' => 31,
        _ => null,
    };
}
