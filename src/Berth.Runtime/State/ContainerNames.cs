using System.Text.RegularExpressions;
using Berth.Core.Errors;

namespace Berth.Runtime.State;

/// <summary>Docker's container name rules: "/?[a-zA-Z0-9][a-zA-Z0-9_.-]+".</summary>
internal static partial class ContainerNames
{
    /// <summary>Returns the canonical "/name" form or throws InvalidArgument with Docker's message.</summary>
    public static string Normalize(string name)
    {
        string bare = name.StartsWith('/') ? name[1..] : name;
        if (!Valid().IsMatch(bare))
        {
            throw EngineException.InvalidArgument($"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return "/" + bare;
    }

    public static string ConflictMessage(string name, string id) =>
        $"Conflict. The container name \"{name}\" is already in use by container \"{id}\". You have to remove (or rename) that container to be able to reuse that name.";

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex Valid();
}
