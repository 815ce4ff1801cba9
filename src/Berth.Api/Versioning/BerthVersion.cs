using System.Reflection;

namespace Berth.Api.Versioning;

/// <summary>The engine's own version and build facts, shown by /version, /info and berthd --version.</summary>
public static class BerthVersion
{
    public static string Version { get; } = ReadVersion();

    /// <summary>The commit the binary was built from ("+sha" of the informational version), or "unknown".</summary>
    public static string GitCommit { get; } = ReadCommit();

    private static string Informational =>
        typeof(BerthVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.1.0";

    private static string ReadVersion()
    {
        var text = Informational;
        var plus = text.IndexOf('+');
        return plus < 0 ? text : text[..plus];
    }

    private static string ReadCommit()
    {
        var text = Informational;
        var plus = text.IndexOf('+');
        return plus < 0 ? "unknown" : text[(plus + 1)..][..Math.Min(7, text.Length - plus - 1)];
    }
}
