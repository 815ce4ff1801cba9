namespace Berth.Build.Instructions;

public static class MountTypes
{
    public const string Bind = "bind";
    public const string Cache = "cache";
    public const string Tmpfs = "tmpfs";
    public const string Secret = "secret";
    public const string Ssh = "ssh";

    internal static readonly string[] All = [Bind, Cache, Tmpfs, Secret, Ssh];
}
