using System.Text;
using Berth.Build.Cache;

namespace Berth.Build.Tests.Execution;

public sealed class CacheKeyTests
{
    private static readonly byte[] Config = Encoding.UTF8.GetBytes("{\"Env\":[\"PATH=/bin\"]}");

    [Fact]
    public void Same_parent_step_and_config_give_the_same_key()
    {
        Assert.Equal(CacheKey.Compute("sha256:aa", "RUN /bin/sh -c make", Config), CacheKey.Compute("sha256:aa", "RUN /bin/sh -c make", Config));
        Assert.StartsWith("sha256:", CacheKey.Compute(null, "ENV A=b", Config), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sha256:bb", "RUN /bin/sh -c make", "{\"Env\":[\"PATH=/bin\"]}")]
    [InlineData("sha256:aa", "RUN /bin/sh -c make install", "{\"Env\":[\"PATH=/bin\"]}")]
    [InlineData("sha256:aa", "RUN /bin/sh -c make", "{\"Env\":[\"PATH=/bin\",\"A=1\"]}")]
    [InlineData(null, "RUN /bin/sh -c make", "{\"Env\":[\"PATH=/bin\"]}")]
    public void Any_difference_changes_the_key(string? parent, string step, string config)
    {
        var reference = CacheKey.Compute("sha256:aa", "RUN /bin/sh -c make", Config);
        Assert.NotEqual(reference, CacheKey.Compute(parent, step, Encoding.UTF8.GetBytes(config)));
    }
}
