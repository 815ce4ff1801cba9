using System.Formats.Tar;
using System.Text;

namespace Berth.Runtime.Tests.Filesystem;

/// <summary>Reads a tar into name → (entry type, text content, link name) for assertions.</summary>
internal static class TarContents
{
    public sealed record Item(TarEntryType Type, string Text, string LinkName, int Uid, int Gid, UnixFileMode Mode);

    public static List<(string Name, Item Item)> Read(byte[] tar)
    {
        var result = new List<(string, Item)>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            string text = "";
            if (entry.DataStream is { } data)
            {
                using var sr = new StreamReader(data, Encoding.UTF8);
                text = sr.ReadToEnd();
            }
            result.Add((entry.Name, new Item(entry.EntryType, text, entry.LinkName, entry.Uid, entry.Gid, entry.Mode)));
        }
        return result;
    }

    public static List<string> Names(byte[] tar) => Read(tar).Select(e => e.Name).ToList();
}
