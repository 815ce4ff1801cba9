using System.Text.Json.Nodes;

namespace Berth.Cli.Commands;

/// <summary>The report the prune commands print, as docker does: a titled list of what went, then
/// the blank line Println leaves after it; nothing at all when nothing was deleted.</summary>
internal static class PruneOutput
{
    /// <summary>Writes "<paramref name="title"/>:" and one line per name; returns whether anything was deleted.</summary>
    public static bool WriteDeleted(TextWriter output, string title, JsonNode? names)
    {
        if (names is not JsonArray { Count: > 0 } deleted)
        {
            return false;
        }

        output.Write(title + ":\n");
        foreach (var name in deleted)
        {
            output.Write((string?)name + "\n");
        }

        output.Write('\n');
        return true;
    }
}
