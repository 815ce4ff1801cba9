namespace Berth.Volumes;

/// <summary>The `-v` mode field ("ro,z,rshared,nocopy"): Docker's linuxValidMountMode and helpers.</summary>
internal static class MountModes
{
    private static readonly string[] ReadWrite = ["rw", "ro"];
    // SELinux relabel flags: accepted and ignored (no SELinux here), kept in Mode as Docker shows them.
    private static readonly string[] Label = ["z", "Z"];
    private static readonly string[] Propagations = ["private", "rprivate", "shared", "rshared", "slave", "rslave"];
    private static readonly string[] Copy = ["nocopy"];
    private static readonly string[] Consistency = ["consistent", "cached", "delegated"];

    public const string DefaultPropagation = "rprivate";

    public static bool IsValidPropagation(string p) => Propagations.Contains(p);

    public static bool IsValid(string mode)
    {
        if (mode.Length == 0)
        {
            return true;
        }
        int rw = 0, label = 0, propagation = 0, copy = 0, consistency = 0;
        foreach (string o in mode.Split(','))
        {
            if (ReadWrite.Contains(o)) rw++;
            else if (Label.Contains(o)) label++;
            else if (Propagations.Contains(o)) propagation++;
            else if (Copy.Contains(o)) copy++;
            else if (Consistency.Contains(o)) consistency++;
            else return false;
        }
        return rw <= 1 && label <= 1 && propagation <= 1 && copy <= 1 && consistency <= 1;
    }

    public static bool IsReadWrite(string mode) => IsValid(mode) && !mode.Split(',').Contains("ro");

    public static string? Propagation(string mode) => mode.Split(',').FirstOrDefault(Propagations.Contains);

    public static bool HasNoCopy(string mode) => mode.Split(',').Contains("nocopy");
}
