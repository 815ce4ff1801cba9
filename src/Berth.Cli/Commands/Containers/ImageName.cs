using System.Text.RegularExpressions;

namespace Berth.Cli.Commands.Containers;

/// <summary>distribution/reference validation of the IMAGE argument, with docker's messages.</summary>
internal static partial class ImageName
{
    /// <summary>Throws "invalid reference format[...]" for names docker would refuse.</summary>
    public static void Validate(string reference)
    {
        if (ReferencePattern().IsMatch(reference))
        {
            return;
        }

        if (ReferencePattern().IsMatch(reference.ToLowerInvariant()))
        {
            var (repository, _) = Formatting.ImageReference.SplitTag(reference);
            var path = repository.Contains('/') ? repository : "library/" + repository;
            throw new ContainerOptionException($"invalid reference format: repository name ({path}) must be lowercase");
        }

        throw new ContainerOptionException("invalid reference format");
    }

    /// <summary>reference.TagNameOnly in familiar form: "busybox" becomes "busybox:latest".</summary>
    public static string WithDefaultTag(string reference) =>
        reference.Contains('@') || Formatting.ImageReference.SplitTag(reference).Tag is not null ? reference : reference + ":latest";

    // [domain/]path[:tag][@digest], each part as in distribution/reference's grammar.
    [GeneratedRegex(@"^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$")]
    private static partial Regex ReferencePattern();
}
