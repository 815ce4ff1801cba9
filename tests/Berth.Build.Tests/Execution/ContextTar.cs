using System.Formats.Tar;
using System.Text;

namespace Berth.Build.Tests.Execution;

/// <summary>Builds context tars in memory for the tests.</summary>
internal static class ContextTar
{
    public static MemoryStream Create(params (string Name, string? Content)[] entries)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                if (content is null)
                {
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)0x1ED });
                }
                else if (content.StartsWith("->", StringComparison.Ordinal))
                {
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = content[2..] });
                }
                else
                {
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
                    {
                        Mode = (UnixFileMode)0x1A4,
                        DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                    });
                }
            }
        }

        stream.Position = 0;
        return stream;
    }
}
