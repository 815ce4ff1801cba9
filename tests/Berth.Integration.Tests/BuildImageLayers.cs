using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Berth.Testing;

namespace Berth.Integration.Tests;

/// <summary>Looks at what a build left behind: the saved image's layer entries and bytes, and files on the daemon's disk.</summary>
internal static class BuildImageLayers
{
    /// <summary>`save`s the image and lists every layer's entries; Text is all tar bytes (decompressed) for content checks.</summary>
    public static async Task<SavedImage> SaveAsync(DaemonFixture daemon, string image)
    {
        var file = Path.Combine(daemon.Root, Guid.NewGuid().ToString("N") + ".tar");
        (await daemon.RunCliAsync(["save", "-o", file, image])).EnsureSuccess();
        var entries = new List<string>();
        var all = new MemoryStream();
        using (var outer = new TarReader(File.OpenRead(file)))
        {
            while (outer.GetNextEntry(copyData: true) is { } entry)
            {
                if (entry.DataStream is null)
                {
                    continue;
                }

                var data = new MemoryStream();
                entry.DataStream.CopyTo(data);
                var bytes = data.ToArray();
                if (bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
                {
                    using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                    var plain = new MemoryStream();
                    gz.CopyTo(plain);
                    bytes = plain.ToArray();
                }

                all.Write(bytes);
                if (bytes.Length >= 1024 && (entry.Name.EndsWith(".tar", StringComparison.Ordinal) || entry.Name.Contains("blobs/", StringComparison.Ordinal)))
                {
                    try
                    {
                        using var layer = new TarReader(new MemoryStream(bytes));
                        while (layer.GetNextEntry() is { } inner)
                        {
                            entries.Add(inner.Name.TrimStart('.', '/'));
                        }
                    }
                    catch (InvalidDataException)
                    {
                        // a config or manifest blob, not a layer
                    }
                }
            }
        }

        File.Delete(file);
        return new SavedImage(entries, all.ToArray());
    }

    public sealed record SavedImage(List<string> Entries, byte[] Bytes)
    {
        public string Text => Encoding.UTF8.GetString(Bytes);

        public bool Contains(string needle) => Bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
    }

    public static List<string> FilesContaining(string root, string needle)
    {
        var bytes = Encoding.UTF8.GetBytes(needle);
        var hits = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
        {
            var info = new FileInfo(file);
            if (info.LinkTarget is not null || info.Length == 0 || info.Length > 256 << 20)
            {
                continue;
            }

            try
            {
                if (File.ReadAllBytes(file).AsSpan().IndexOf(bytes) >= 0)
                {
                    hits.Add(file);
                }
            }
            catch (IOException)
            {
                // sockets, fifos
            }
        }

        return hits;
    }
}
