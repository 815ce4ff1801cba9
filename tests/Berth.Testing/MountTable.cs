using System.Text;

namespace Berth.Testing;

/// <summary>Reads the mount points of this process's mount namespace from /proc/self/mountinfo.</summary>
public static class MountTable
{
    /// <summary>Mount points at or below <paramref name="root"/>, deepest first (the order to unmount them).</summary>
    public static IReadOnlyList<string> MountsUnder(string root)
    {
        string prefix = root.TrimEnd('/') + "/";
        return File.ReadLines("/proc/self/mountinfo")
            .Select(line => Unescape(line.Split(' ')[4]))
            .Where(mp => mp == root.TrimEnd('/') || mp.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct()
            .OrderByDescending(mp => mp.Count(c => c == '/'))
            .ThenByDescending(mp => mp.Length)
            .ToList();
    }

    /// <summary>Unmounts (MNT_DETACH) everything under root, repeating for stacked mounts.</summary>
    public static void UnmountAllUnder(string root)
    {
        for (int round = 0; round < 10; round++)
        {
            var mounts = MountsUnder(root);
            if (mounts.Count == 0)
            {
                return;
            }
            foreach (string mp in mounts)
            {
                LibC.UnmountDetached(mp);
            }
        }
        var left = MountsUnder(root);
        if (left.Count > 0)
        {
            throw new IOException($"mounts remain under {root}: {string.Join(", ", left)}");
        }
    }

    // mountinfo escapes space, tab, newline and backslash as \ooo octal.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
        {
            return field;
        }
        var sb = new StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                sb.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                sb.Append(field[i]);
            }
        }
        return sb.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
