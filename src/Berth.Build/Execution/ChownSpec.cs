using System.Globalization;
using Berth.Core.Errors;

namespace Berth.Build.Execution;

/// <summary>
/// COPY/ADD --chown: "user", "user:group", "uid[:gid]". Names are looked up in the image's
/// /etc/passwd and /etc/group; a lone user is also used as the group (the legacy builder's rule).
/// </summary>
internal static class ChownSpec
{
    public static bool NeedsLookup(string chown) =>
        chown.Split(':').Any(p => !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _));

    public static (int Uid, int Gid) Resolve(string chown, string? passwd, string? group)
    {
        var parts = chown.Split(':', 2);
        var user = parts[0];
        var grp = parts.Length > 1 ? parts[1] : parts[0];
        var uid = Lookup(user, passwd, "uid", "user");
        var gid = Lookup(grp, group, "gid", "group");
        return (uid, gid);
    }

    private static int Lookup(string name, string? file, string idKind, string what)
    {
        if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        foreach (var line in (file ?? "").Split('\n'))
        {
            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0] == name && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var found))
            {
                return found;
            }
        }

        throw EngineException.InvalidArgument(
            $"unable to convert uid/gid chown string to host mapping: can't find {idKind} for {what} {name}: no such {what}: {name}");
    }

    /// <summary>--chmod as octal ("0755", "644"); symbolic modes are BuildKit-only.</summary>
    public static int? ParseChmod(string chmod)
    {
        if (chmod.Length == 0)
        {
            return null;
        }

        try
        {
            var mode = Convert.ToInt32(chmod, 8);
            if (mode is >= 0 and <= 0xFFF)
            {
                return mode;
            }
        }
        catch (FormatException)
        {
        }

        throw EngineException.InvalidArgument($"invalid chmod parameter: {chmod}");
    }
}
