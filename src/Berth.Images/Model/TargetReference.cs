using Berth.Core.Errors;
using Berth.Oci;

namespace Berth.Images.Model;

/// <summary>Docker's RepoTagReference for tag/import/commit targets: "repo[:tag]" plus an optional separate tag, default "latest".</summary>
internal static class TargetReference
{
    /// <summary>Returns the stored key ("busybox:latest") or throws InvalidArgument with Docker's wording.</summary>
    public static string Parse(string repository, string? tag)
    {
        ImageReference reference;
        try
        {
            reference = ImageReference.ParseNormalized(repository);
        }
        catch (FormatException ex)
        {
            throw EngineException.InvalidArgument(ex.Message);
        }

        if (reference.Digest is not null)
        {
            throw EngineException.InvalidArgument("cannot import digest reference");
        }

        if (!string.IsNullOrEmpty(tag))
        {
            if (!ImageReference.IsValidTag(tag))
            {
                throw EngineException.InvalidArgument("invalid tag format");
            }

            reference = reference.WithTag(tag);
        }

        if (reference.FamiliarRepository == "sha256")
        {
            throw EngineException.InvalidArgument("refusing to create an ambiguous tag using digest algorithm as name");
        }

        return ReferenceKey.For(reference);
    }
}
