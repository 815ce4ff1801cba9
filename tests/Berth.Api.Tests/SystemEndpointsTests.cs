using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Berth.Api.Tests;

public sealed class SystemEndpointsTests
{
    [Fact]
    public async Task Info_ReportsEngineFactsAndImageCount()
    {
        await using var server = await ApiTestServer.StartAsync();
        server.Images.Add("sha256:" + new string('1', 64), "a:1");
        server.Images.Add("sha256:" + new string('2', 64));

        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("/v1.51/info"));
        var root = json.RootElement;

        Assert.Equal("test-engine", root.GetProperty("ID").GetString());
        Assert.Equal(2, root.GetProperty("Images").GetInt32());
        Assert.Equal(0, root.GetProperty("Containers").GetInt32());
        Assert.Equal("overlay2", root.GetProperty("Driver").GetString());
        Assert.Equal(Path.Combine(server.Directory, "data"), root.GetProperty("DockerRootDir").GetString());
        Assert.Equal("inactive", root.GetProperty("Swarm").GetProperty("LocalNodeState").GetString());
        Assert.Equal("runc", root.GetProperty("Runtimes").GetProperty("runc").GetProperty("path").GetString());
        Assert.Equal(Environment.ProcessorCount, root.GetProperty("NCPU").GetInt32());
        Assert.True(root.GetProperty("MemTotal").GetInt64() > 0);
        var expectedCgroup = File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "2" : "1";
        Assert.Equal(expectedCgroup, root.GetProperty("CgroupVersion").GetString());
    }

    [Fact]
    public async Task DiskUsage_ListsImagesAndEmptyContainersAndVolumes()
    {
        await using var server = await ApiTestServer.StartAsync();
        server.Images.Add("sha256:" + new string('1', 64), "a:1");

        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("/system/df"));
        var root = json.RootElement;

        Assert.Equal(1, root.GetProperty("Images").GetArrayLength());
        Assert.Equal(0, root.GetProperty("Containers").GetArrayLength());
        Assert.Equal(0, root.GetProperty("Volumes").GetArrayLength());
        Assert.Equal(1234, root.GetProperty("LayersSize").GetInt64());
    }

    /// <summary>The docker CLI itself must be able to talk to berthd (compat check).</summary>
    [Fact]
    public async Task DockerCli_VersionAndInfoSucceed()
    {
        const string docker = "/usr/local/bin/docker";
        if (!File.Exists(docker))
        {
            return; // only where the docker CLI is installed (the dev VM has it)
        }

        await using var server = await ApiTestServer.StartAsync();
        server.Images.Add("sha256:" + new string('1', 64), "a:1");

        var version = await RunAsync(docker, server.SocketPath, "version");
        Assert.Contains("Berth Engine", version);
        Assert.Contains("API version:      1.51", version);

        var info = await RunAsync(docker, server.SocketPath, "info");
        Assert.Contains("Storage Driver: overlay2", info);
        Assert.Contains("Images: 1", info);

        var images = await RunAsync(docker, server.SocketPath, "images");
        Assert.Contains("a ", images);
    }

    private static async Task<string> RunAsync(string docker, string socket, string command)
    {
        var start = new ProcessStartInfo(docker, [command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOCKER_HOST"] = "unix://" + socket;
        start.Environment["DOCKER_CONFIG"] = Path.GetDirectoryName(socket)!;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"docker {command} failed ({process.ExitCode}): {await stderr}\n{output}");
        Assert.Equal("", (await stderr).Trim());
        return output;
    }
}
