using System.Text.Json;
using Berth.Core.Build;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Berth.Api.Tests;

public sealed class SystemDiskUsageBuildCacheTests
{
    private static readonly DateTimeOffset Created = new(2025, 3, 4, 5, 6, 7, 500, TimeSpan.Zero);

    private static readonly BuildCacheEntry[] Entries =
    [
        new("key-from", "sha256:" + new string('a', 64), "sha256:" + new string('0', 64), "FROM busybox", 0, Created, Created.AddMinutes(1), 2),
        new("key-run", "sha256:" + new string('b', 64), "sha256:" + new string('a', 64), "RUN echo hi", 1234, Created, Created.AddMinutes(2), 1),
    ];

    [Fact]
    public async Task BuildCacheRecordsComeFromTheBuilder()
    {
        await using var server = await ApiTestServer.StartAsync(new FakeImageService(), s => s.AddSingleton<IImageBuilder>(new ListingBuilder(Entries)));
        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("/v1.51/system/df"));
        var records = json.RootElement.GetProperty("BuildCache");
        Assert.Equal(2, records.GetArrayLength());
        Assert.Equal(
            """{"ID":"key-from","Type":"regular","Description":"FROM busybox","InUse":false,"Shared":false,"Size":0,"CreatedAt":"2025-03-04T05:06:07.5Z","LastUsedAt":"2025-03-04T05:07:07.5Z","UsageCount":2}""",
            records[0].GetRawText());
        Assert.Equal(
            """{"ID":"key-run","Parents":["key-from"],"Type":"regular","Description":"RUN echo hi","InUse":false,"Shared":false,"Size":1234,"CreatedAt":"2025-03-04T05:06:07.5Z","LastUsedAt":"2025-03-04T05:08:07.5Z","UsageCount":1}""",
            records[1].GetRawText());
        Assert.False(json.RootElement.TryGetProperty("BuilderSize", out _));
    }

    [Fact]
    public async Task OldClientsGetParentAndBuilderSize()
    {
        await using var server = await ApiTestServer.StartAsync(new FakeImageService(), s => s.AddSingleton<IImageBuilder>(new ListingBuilder(Entries)));
        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("/v1.41/system/df"));
        Assert.Equal(1234, json.RootElement.GetProperty("BuilderSize").GetInt64());
        var run = json.RootElement.GetProperty("BuildCache")[1];
        Assert.Equal("key-from", run.GetProperty("Parent").GetString());
        Assert.False(run.TryGetProperty("Parents", out _));
    }

    [Fact]
    public async Task WithoutABuilderTheCacheIsEmpty()
    {
        await using var server = await ApiTestServer.StartAsync();
        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("/v1.51/system/df"));
        Assert.Equal(0, json.RootElement.GetProperty("BuildCache").GetArrayLength());
    }

    private sealed class ListingBuilder(IReadOnlyList<BuildCacheEntry> entries) : IImageBuilder
    {
        public Task<string> BuildAsync(BuildRequest request, Stream context, IBuildOutput output, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<BuildCachePruneResult> PruneCacheAsync(bool all, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<BuildCacheEntry>> ListCacheAsync(CancellationToken cancellationToken) => Task.FromResult(entries);
    }
}
