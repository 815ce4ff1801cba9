namespace Berth.Linux.Files;

/// <summary>The AT_* flags of the *at(2) calls.</summary>
internal static class AtFlags
{
    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_REMOVEDIR = 0x200;
    public const int AT_EMPTY_PATH = 0x1000;

    /// <summary>"" names the fd itself; a final symlink is never followed.</summary>
    public static int NoFollow(string name) => AT_SYMLINK_NOFOLLOW | (name.Length == 0 ? AT_EMPTY_PATH : 0);

    /// <summary>How errors name an entry: "fd" when the call acted on the fd itself.</summary>
    public static string Subject(string name) => name.Length == 0 ? "fd" : name;
}
