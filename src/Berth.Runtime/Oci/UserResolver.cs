using System.Globalization;
using Berth.Core.Errors;

namespace Berth.Runtime.Oci;

/// <summary>
/// Resolves Docker's --user against the container's /etc/passwd and /etc/group (runc's GetExecUser
/// rules): names must exist, numeric ids need not; the primary group comes from the passwd entry
/// unless given; supplementary groups come from group membership only when no group was given.
/// </summary>
internal static class UserResolver
{
    public static ExecUser Resolve(string? userSpec, string? passwdContent, string? groupContent)
    {
        string spec = userSpec ?? "";
        string userArg = spec;
        string groupArg = "";
        int colon = spec.IndexOf(':');
        if (colon >= 0)
        {
            userArg = spec[..colon];
            groupArg = spec[(colon + 1)..];
        }

        var passwd = ParseLines(passwdContent, 7);
        var groups = ParseLines(groupContent, 4);

        uint uid = 0;
        uint gid = 0;
        string home = "/";
        string? userName = null;
        if (userArg.Length == 0)
        {
            // Root: take name/home from passwd if present.
            string[]? root = passwd.FirstOrDefault(p => p[2] == "0");
            userName = root?[0] ?? "root";
            home = root?[5] ?? "/root";
        }
        else if (TryId(userArg, out uint numericUid))
        {
            uid = numericUid;
            string[]? entry = passwd.FirstOrDefault(p => p[2] == userArg) ?? passwd.FirstOrDefault(p => p[0] == userArg);
            if (entry is not null)
            {
                userName = entry[0];
                uid = uint.Parse(entry[2], CultureInfo.InvariantCulture);
                gid = TryId(entry[3], out uint g) ? g : 0;
                home = entry[5];
            }
        }
        else
        {
            string[] entry = passwd.FirstOrDefault(p => p[0] == userArg)
                ?? throw EngineException.InvalidArgument($"unable to find user {userArg}: no matching entries in passwd file");
            userName = entry[0];
            uid = TryId(entry[2], out uint u) ? u : 0;
            gid = TryId(entry[3], out uint g) ? g : 0;
            home = entry[5];
        }

        var additional = new List<uint>();
        if (groupArg.Length > 0)
        {
            if (TryId(groupArg, out uint numericGid))
            {
                gid = numericGid;
            }
            else
            {
                string[] group = groups.FirstOrDefault(g => g[0] == groupArg)
                    ?? throw EngineException.InvalidArgument($"unable to find group {groupArg}: no matching entries in group file");
                gid = TryId(group[2], out uint g) ? g : 0;
            }
        }
        else if (userName is not null)
        {
            foreach (string[] group in groups)
            {
                if (group[3].Split(',').Contains(userName) && TryId(group[2], out uint g) && !additional.Contains(g))
                {
                    additional.Add(g);
                }
            }
        }
        return new ExecUser(uid, gid, additional, home.Length == 0 ? "/" : home);
    }

    private static bool TryId(string text, out uint id) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    private static List<string[]> ParseLines(string? content, int fields)
    {
        var result = new List<string[]>();
        if (content is null)
        {
            return result;
        }
        foreach (string raw in content.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            string[] parts = line.Split(':');
            if (parts.Length < fields)
            {
                Array.Resize(ref parts, fields);
                for (int i = 0; i < fields; i++)
                {
                    parts[i] ??= "";
                }
            }
            result.Add(parts);
        }
        return result;
    }
}
