using Berth.Build.Parsing;

namespace Berth.Build.Instructions;

/// <summary>COPY and ADD: flags, sources (paths and heredocs) and destination.</summary>
internal static class FileInstructionParser
{
    public static FileInstruction Parse(Node node, IReadOnlyList<string> args, BuildFlags flags, string name)
    {
        if (args.Count < 2)
        {
            throw new DockerfileException(
                $"{name} requires at least two arguments, but only one was provided. Destination could not be determined.");
        }
        var chown = flags.AddString("chown");
        var chmod = flags.AddString("chmod");
        var link = flags.AddBool("link");
        var excludes = flags.AddStrings("exclude");
        BuildFlags.Flag? from = null, parents = null, checksum = null, keepGitDir = null, unpack = null;
        if (name == "COPY")
        {
            from = flags.AddString("from");
            parents = flags.AddBool("parents");
        }
        else
        {
            checksum = flags.AddString("checksum");
            keepGitDir = flags.AddBool("keep-git-dir");
            unpack = flags.AddBool("unpack");
        }
        flags.Parse();

        var dest = args[^1];
        if (HeredocParser.ParseMarker(dest) is not null)
        {
            throw new DockerfileException($"{name} cannot accept a heredoc as a destination");
        }
        var byName = node.Heredocs.GroupBy(h => h.Name).ToDictionary(g => g.Key, g => g.First());
        var sources = new List<string>();
        var contents = new List<SourceContent>();
        foreach (var src in args.Take(args.Count - 1))
        {
            if (!node.IsJson && HeredocParser.ParseMarker(src) is { } marker)
            {
                var data = byName.TryGetValue(marker.Name, out var doc) ? doc.Content : "";
                if (marker.Chomp)
                {
                    data = HeredocParser.ChompContent(data);
                }
                contents.Add(new SourceContent(marker.Name, data, marker.Expand));
            }
            else
            {
                sources.Add(src);
            }
        }

        if (name == "COPY")
        {
            return new CopyInstruction
            {
                Name = name, Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine,
                Sources = sources, SourceContents = contents, Destination = dest, IsJson = node.IsJson,
                Chown = chown.Value, Chmod = chmod.Value, Link = link.IsTrue, Excludes = excludes.Values,
                From = from!.Value, Parents = parents!.IsTrue,
            };
        }
        return new AddInstruction
        {
            Name = name, Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine,
            Sources = sources, SourceContents = contents, Destination = dest, IsJson = node.IsJson,
            Chown = chown.Value, Chmod = chmod.Value, Link = link.IsTrue, Excludes = excludes.Values,
            Checksum = checksum!.Value, KeepGitDir = keepGitDir!.OptionalBool, Unpack = unpack!.OptionalBool,
        };
    }
}
