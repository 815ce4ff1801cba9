using Berth.Api.Build;
using Berth.Core.Errors;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Berth.Api.Tests.Build;

public sealed class BuildQueryTests
{
    private static HttpRequest Request(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    [Fact]
    public void Parses_the_docker_cli_parameters()
    {
        var request = BuildQuery.Parse(Request("?t=app:1&t=app:latest&dockerfile=sub/Dockerfile&buildargs=%7B%22A%22%3A%221%22%2C%22B%22%3Anull%7D&labels=%7B%22l%22%3A%22v%22%7D&target=final&nocache=1&rm=0&forcerm=1&networkmode=none"));
        Assert.Equal(["app:1", "app:latest"], request.Tags);
        Assert.Equal("sub/Dockerfile", request.Dockerfile);
        Assert.Equal("1", request.BuildArgs["A"]);
        Assert.Null(request.BuildArgs["B"]);
        Assert.Equal("v", request.Labels["l"]);
        Assert.Equal("final", request.Target);
        Assert.True(request.NoCache);
        Assert.False(request.Remove);
        Assert.True(request.ForceRemove);
        Assert.Equal("none", request.NetworkMode);
    }

    [Fact]
    public void Defaults_match_dockerd()
    {
        var request = BuildQuery.Parse(Request(""));
        Assert.Equal("Dockerfile", request.Dockerfile);
        Assert.True(request.Remove);
        Assert.False(request.NoCache);
    }

    [Theory]
    [InlineData("?pull=1", "--pull is not supported")]
    [InlineData("?remote=https://example.com/ctx.tar", "remote build contexts are not supported")]
    [InlineData("?version=2", "BuildKit is not supported")]
    [InlineData("?platform=linux/s390x", "platform linux/s390x is not supported")]
    [InlineData("?buildargs=%5B1%5D", "invalid buildargs JSON")]
    public void Unsupported_options_are_refused_clearly(string query, string message)
    {
        var e = Assert.Throws<EngineException>(() => BuildQuery.Parse(Request(query)));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
