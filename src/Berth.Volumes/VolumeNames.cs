using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Berth.Core.Errors;

namespace Berth.Volumes;

/// <summary>Docker's local volume name rules and anonymous volume names.</summary>
internal static partial class VolumeNames
{
    public const string AnonymousLabel = "com.docker.volume.anonymous";
    public const string LocalDriver = "local";
    private const string RestrictedNameChars = "[a-zA-Z0-9][a-zA-Z0-9_.-]";

    /// <summary>A random 64-hex name, as Docker's stringid.GenerateRandomID.</summary>
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>Throws Docker's "create x: …" error for names the local driver refuses (they become directory names).</summary>
    public static void Validate(string name)
    {
        if (name.Length == 1)
        {
            throw EngineException.InvalidArgument($"create {name}: volume name is too short, names should be at least two alphanumeric characters");
        }
        if (!NamePattern().IsMatch(name))
        {
            throw EngineException.InvalidArgument(
                $"create {name}: \"{name}\" includes invalid characters for a local volume name, only \"{RestrictedNameChars}\" are allowed. If you intended to pass a host directory, use absolute path");
        }
    }

    public static void ValidateDriver(string name, string? driver)
    {
        if (!string.IsNullOrEmpty(driver) && driver != LocalDriver)
        {
            throw EngineException.NotFound($"create {name}: error looking up volume plugin {driver}: plugin \"{driver}\" not found");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex NamePattern();
}
