using System.Text.RegularExpressions;
using Berth.Core.Errors;

namespace Berth.Build.Execution;

/// <summary>-t values: "app:1", "registry:5000/app" (tag latest); checked before the build starts.</summary>
internal static partial class ImageTags
{
    public static (string Repository, string Tag) Split(string reference)
    {
        var slash = reference.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        return colon > slash ? (reference[..colon], reference[(colon + 1)..]) : (reference, "latest");
    }

    public static void Validate(string reference)
    {
        var (repository, tag) = Split(reference);
        if (!Repository().IsMatch(repository) || !Tag().IsMatch(tag) || reference.Contains('@', StringComparison.Ordinal))
        {
            throw EngineException.InvalidArgument($"invalid reference format: repository name ({reference}) must be lowercase");
        }
    }

    [GeneratedRegex("^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex Repository();

    [GeneratedRegex("^[\\w][\\w.-]{0,127}$")]
    private static partial Regex Tag();
}
