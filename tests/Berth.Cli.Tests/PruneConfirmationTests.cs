using Xunit;

namespace Berth.Cli.Tests;

/// <summary>Every prune command answers a declined prompt as docker 28 does: the prompt only, exit 0, nothing sent.</summary>
public class PruneConfirmationTests
{
    private const string Question = "\nAre you sure you want to continue? [y/N] ";

    [Theory]
    [InlineData(new[] { "image", "prune" }, "WARNING! This will remove all dangling images.")]
    [InlineData(new[] { "image", "prune", "-a" }, "WARNING! This will remove all images without at least one container associated to them.")]
    [InlineData(new[] { "container", "prune" }, "WARNING! This will remove all stopped containers.")]
    [InlineData(new[] { "volume", "prune" }, "WARNING! This will remove anonymous local volumes not used by at least one container.")]
    [InlineData(new[] { "network", "prune" }, "WARNING! This will remove all custom networks not used by at least one container.")]
    [InlineData(new[] { "builder", "prune" }, "WARNING! This will remove all dangling build cache.")]
    public async Task DeclinedPromptPrintsNothingMoreAndExitsZero(string[] args, string warning)
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("{}"));
        foreach (var answer in (string[])["n\n", "", "yes\n"])
        {
            var result = await CliRunner.RunAsync(engine.Host, args, stdin: answer);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(warning + Question, result.Out);
            Assert.Equal(string.Empty, result.Err);
        }

        Assert.Empty(engine.Requests);
    }

    [Theory]
    [InlineData("container", "/v1.51/containers/prune")]
    [InlineData("image", "/v1.51/images/prune")]
    public async Task AcceptedPromptPrunes(string group, string path)
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("{\"SpaceReclaimed\":0}"));
        var result = await CliRunner.RunAsync(engine.Host, [group, "prune"], stdin: " Y \n");
        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("[y/N] Total reclaimed space: 0B\n", result.Out, StringComparison.Ordinal);
        Assert.Equal(path, Assert.Single(engine.Requests).Path);
    }
}
