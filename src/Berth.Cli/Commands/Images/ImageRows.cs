using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Images;

/// <summary>
/// docker's image formatter context: one row per repository:tag (and digest when asked) of each
/// image summary, with the fields templates see (ID, Repository, Tag, Digest, CreatedSince, ...).
/// </summary>
internal static class ImageRows
{
    public static readonly JsonObject Header = new()
    {
        ["ID"] = "IMAGE ID",
        ["Repository"] = "REPOSITORY",
        ["Tag"] = "TAG",
        ["Digest"] = "DIGEST",
        ["CreatedSince"] = "CREATED",
        ["CreatedAt"] = "CREATED AT",
        ["Size"] = "SIZE",
        ["Containers"] = "CONTAINERS",
        ["VirtualSize"] = "SIZE",
        ["SharedSize"] = "SHARED SIZE",
        ["UniqueSize"] = "UNIQUE SIZE",
    };

    public static IEnumerable<JsonObject> Build(JsonArray summaries, bool truncate, bool showDigests, bool needDigest, DateTimeOffset now)
    {
        foreach (var summary in summaries.OfType<JsonObject>())
        {
            var tags = Strings(summary["RepoTags"]);
            var digests = Strings(summary["RepoDigests"]);
            var dangling = (tags.Count == 0 && digests.Count == 0)
                || (tags is ["<none>:<none>"] && digests is ["<none>@<none>"]);
            if (dangling)
            {
                yield return Row(summary, "<none>", "<none>", "<none>", truncate, now);
                continue;
            }

            foreach (var (repo, tag, digest) in Expand(tags, digests, showDigests, needDigest))
            {
                yield return Row(summary, repo, tag, digest, truncate, now);
            }
        }
    }

    // imageFormatTaggedAndDigest, with Go's random map order replaced by first-seen order.
    private static IEnumerable<(string Repo, string Tag, string Digest)> Expand(List<string> tags, List<string> digests, bool showDigests, bool needDigest)
    {
        var repoTags = new List<(string Repo, List<string> Tags)>();
        var repoDigests = new List<(string Repo, List<string> Digests)>();
        foreach (var reference in tags)
        {
            var (repo, tag) = ImageReference.SplitTag(reference);
            if (tag is null || reference.Contains('@'))
            {
                continue;
            }

            AddTo(repoTags, ImageReference.Familiar(repo), tag);
        }

        foreach (var reference in digests)
        {
            var (repo, digest) = ImageReference.SplitDigest(reference);
            if (digest is null)
            {
                continue;
            }

            AddTo(repoDigests, ImageReference.Familiar(repo), digest);
        }

        foreach (var (repo, repoTagList) in repoTags)
        {
            var index = repoDigests.FindIndex(d => d.Repo == repo);
            var repoDigestList = index >= 0 ? repoDigests[index].Digests : [];
            if (index >= 0)
            {
                repoDigests.RemoveAt(index);
            }

            if (!needDigest)
            {
                repoDigestList = [];
            }

            foreach (var tag in repoTagList)
            {
                if (repoDigestList.Count == 0)
                {
                    yield return (repo, tag, "<none>");
                    continue;
                }

                foreach (var digest in repoDigestList)
                {
                    yield return (repo, tag, digest);
                }
            }
        }

        foreach (var (repo, repoDigestList) in repoDigests)
        {
            if (showDigests)
            {
                foreach (var digest in repoDigestList)
                {
                    yield return (repo, "<none>", digest);
                }
            }
            else
            {
                yield return (repo, "<none>", string.Empty);
            }
        }
    }

    private static void AddTo(List<(string Repo, List<string> Values)> map, string repo, string value)
    {
        var index = map.FindIndex(e => e.Repo == repo);
        if (index < 0)
        {
            map.Add((repo, [value]));
        }
        else
        {
            map[index].Values.Add(value);
        }
    }

    private static JsonObject Row(JsonObject summary, string repo, string tag, string digest, bool truncate, DateTimeOffset now)
    {
        var id = (string?)summary["Id"] ?? string.Empty;
        var created = Long(summary["Created"]) ?? 0;
        var size = Long(summary["Size"]) ?? 0;
        var shared = Long(summary["SharedSize"]) ?? -1;
        var containers = Long(summary["Containers"]) ?? -1;
        return new JsonObject
        {
            ["Containers"] = containers == -1 ? "N/A" : containers.ToString(CultureInfo.InvariantCulture),
            ["CreatedAt"] = DisplayText.GoTimeString(created),
            ["CreatedSince"] = HumanUnits.HumanDuration(now - DateTimeOffset.FromUnixTimeSeconds(created)) + " ago",
            ["Digest"] = digest,
            ["ID"] = truncate ? DisplayText.TruncateId(id) : id,
            ["Repository"] = repo,
            ["SharedSize"] = shared == -1 ? "N/A" : HumanUnits.HumanSize(shared),
            ["Size"] = HumanUnits.HumanSizeWithPrecision(size, 3),
            ["Tag"] = tag,
            ["UniqueSize"] = size == -1 || shared == -1 ? "N/A" : HumanUnits.HumanSize(size - shared),
            ["VirtualSize"] = HumanUnits.HumanSize(size),
        };
    }

    internal static long? Long(JsonNode? node) =>
        node is JsonValue v && (v.TryGetValue<long>(out var l) || (v.TryGetValue<double>(out var d) && (l = (long)d) == l)) ? l : null;

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList() : [];
}
