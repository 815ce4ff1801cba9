using Berth.Core.Errors;

namespace Berth.Volumes.Tests;

public sealed class MountSpecParserTests
{
    [Fact]
    public void ParsesVolumeWithOptions()
    {
        var spec = MountSpecParser.Parse("type=volume,src=data,dst=/data,volume-nocopy,volume-opt=type=tmpfs,volume-opt=o=size=1m,volume-label=a=b,readonly");
        Assert.Equal(("volume", "data", "/data", true), (spec.Type, spec.Source, spec.Target, spec.ReadOnly));
        Assert.Equal("true", spec.Options["nocopy"]);
        Assert.Equal("tmpfs", spec.Options["opt.type"]);
        Assert.Equal("size=1m", spec.Options["opt.o"]);
        Assert.Equal("b", spec.Options["label.a"]);
    }

    [Fact]
    public void ParsesTmpfsSizeAndModeIntoBytesAndOctal()
    {
        var spec = MountSpecParser.Parse("type=tmpfs,destination=/run,tmpfs-size=64m,tmpfs-mode=1770");
        Assert.Equal((64L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), spec.Options["size"]);
        Assert.Equal("1770", spec.Options["mode"]);
    }

    [Fact]
    public void DefaultsToVolumeAndIgnoresConsistency()
    {
        var spec = MountSpecParser.Parse("target=/x,consistency=cached");
        Assert.Equal("volume", spec.Type);
        Assert.Null(spec.Source);
    }

    [Theory]
    [InlineData("type=bind,src=/a", "target is required")]
    [InlineData("type=bind,src=/a,dst=/b,foo=bar", "unexpected key 'foo' in 'foo=bar'")]
    [InlineData("type=bind,src", "invalid field 'src' must be a key=value pair")]
    [InlineData("type=bind,src=/a,dst=/b,volume-nocopy", "cannot mix 'volume-*' options with mount type 'bind'")]
    [InlineData("type=volume,dst=/b,bind-propagation=rshared", "cannot mix 'bind-*' options with mount type 'volume'")]
    public void RejectsLikeTheCli(string csv, string message)
    {
        Assert.Equal(message, Assert.Throws<EngineException>(() => MountSpecParser.Parse(csv)).Message);
    }
}
