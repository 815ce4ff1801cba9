using System.Xml.Linq;

namespace Berth.Architecture.Tests;

/// <summary>The src/ projects and their direct ProjectReferences, read from the .csproj files.</summary>
internal sealed class ProjectGraph
{
    private ProjectGraph(IReadOnlyDictionary<string, IReadOnlySet<string>> references) => References = references;

    public IReadOnlyDictionary<string, IReadOnlySet<string>> References { get; }

    public static ProjectGraph Load()
    {
        var src = Path.Combine(FindRepoRoot(), "src");
        var references = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var csproj in Directory.EnumerateFiles(src, "*.csproj", SearchOption.AllDirectories))
        {
            var refs = XDocument.Load(csproj).Descendants("ProjectReference")
                .Select(e => Path.GetFileNameWithoutExtension((string)e.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToHashSet();
            references[Path.GetFileNameWithoutExtension(csproj)] = refs;
        }
        return new ProjectGraph(references);
    }

    /// <summary>Everything a project reaches, directly or not.</summary>
    public IReadOnlySet<string> Closure(string project)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<string>([project]);
        while (queue.TryDequeue(out var next))
        {
            if (!References.TryGetValue(next, out var refs))
            {
                continue;
            }
            foreach (var r in refs.Where(seen.Add))
            {
                queue.Enqueue(r);
            }
        }
        return seen;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Berth.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Berth.slnx not found above " + AppContext.BaseDirectory);
    }
}
