using System.Security.Cryptography;
using System.Text;

namespace Berth.Build.Cache;

/// <summary>
/// Build cache keys. A step is the same step when it starts from the same image, says the same
/// thing after expansion (for RUN: the command with the build args in effect, its network and
/// mounts; for COPY/ADD: the hash of the source contents and the destination) and leaves the same
/// config behind (ENV, WORKDIR, USER, ... all affect what RUN does).
/// </summary>
internal static class CacheKey
{
    public static string Compute(string? parentImageId, string step, ReadOnlySpan<byte> configJson)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes((parentImageId ?? "scratch") + "\n" + step + "\n"));
        hash.AppendData(configJson);
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
