using System.Formats.Tar;
using System.Net;
using System.Text;
using System.Text.Json;
using Berth.Daemon.Composition;

namespace Berth.Api.Tests;

/// <summary>The API over the real storage and image engine (composition root), on a temp data root.</summary>
public sealed class RealEngineTests
{
    [Fact]
    public async Task ImportedTar_IsListedInspectedAndRemoved()
    {
        var root = Directory.CreateTempSubdirectory("berth-api-engine-").FullName;
        var dataRoot = Path.Combine(root, "data");
        try
        {
            await using var engine = await Engine.OpenAsync(dataRoot, Path.Combine(root, "exec"));
            await using var server = await ApiTestServer.StartAsync(engine.Images, engine.Register, engine.Events);

            using var content = new ByteArrayContent(SmallRootfsTar());
            using var import = await server.Client.PostAsync("/v1.51/images/create?fromSrc=-&repo=imported/x&tag=v1&changes=CMD%20%5B%22sh%22%5D", content);
            var importText = await import.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, import.StatusCode);
            var id = JsonDocument.Parse(importText).RootElement.GetProperty("status").GetString();
            Assert.StartsWith("sha256:", id);

            using var list = JsonDocument.Parse(await server.Client.GetStringAsync("/images/json"));
            var summary = Assert.Single(list.RootElement.EnumerateArray());
            Assert.Equal(id, summary.GetProperty("Id").GetString());
            Assert.Equal("imported/x:v1", summary.GetProperty("RepoTags")[0].GetString());

            using var inspect = JsonDocument.Parse(await server.Client.GetStringAsync("/images/imported/x:v1/json"));
            Assert.Equal("sh", inspect.RootElement.GetProperty("Config").GetProperty("Cmd")[0].GetString());
            Assert.Single(inspect.RootElement.GetProperty("RootFS").GetProperty("Layers").EnumerateArray());
            var upper = inspect.RootElement.GetProperty("GraphDriver").GetProperty("Data").GetProperty("UpperDir").GetString()!;
            Assert.Equal("hello\n", File.ReadAllText(Path.Combine(upper, "etc", "greeting")));

            using var remove = await server.Client.DeleteAsync("/images/imported/x:v1");
            Assert.Equal(HttpStatusCode.OK, remove.StatusCode);
            using var after = JsonDocument.Parse(await server.Client.GetStringAsync("/images/json"));
            Assert.Equal(0, after.RootElement.GetArrayLength());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static byte[] SmallRootfsTar()
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "etc/") { Mode = (UnixFileMode)Convert.ToInt32("755", 8) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "etc/greeting")
            {
                Mode = (UnixFileMode)Convert.ToInt32("644", 8),
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes("hello\n")),
            });
        }

        return buffer.ToArray();
    }
}
