using Berth.Core.Errors;

namespace Berth.Volumes.Tests;

public sealed class BindSpecParserTests
{
    [Theory]
    [InlineData("/host:/ctr", "bind", "/host", "/ctr", "", true, "rprivate")]
    [InlineData("/host:/ctr:ro", "bind", "/host", "/ctr", "ro", false, "rprivate")]
    [InlineData("/host:/ctr:ro,z", "bind", "/host", "/ctr", "ro,z", false, "rprivate")]
    [InlineData("/host:/ctr:Z", "bind", "/host", "/ctr", "Z", true, "rprivate")]
    [InlineData("/host:/ctr:rshared", "bind", "/host", "/ctr", "rshared", true, "rshared")]
    [InlineData("/host/../x/:/ctr/./a/", "bind", "/x", "/ctr/a", "", true, "rprivate")]
    [InlineData("data:/ctr", "volume", "data", "/ctr", "", true, "")]
    [InlineData("data:/ctr:nocopy", "volume", "data", "/ctr", "nocopy", true, "")]
    [InlineData("/ctr", "volume", "", "/ctr", "", true, "")]
    public void ParsesDockerForms(string raw, string type, string source, string destination, string mode, bool rw, string propagation)
    {
        var (config, parsedMode) = BindSpecParser.Parse(raw, null);
        Assert.Equal(type, config.Type);
        Assert.Equal(source, type == "bind" ? ContainerPath.Clean(config.Source) : config.Source);
        Assert.Equal(destination, ContainerPath.Clean(config.Target));
        Assert.Equal(mode, parsedMode);
        Assert.Equal(rw, !config.ReadOnly);
        Assert.Equal(propagation, type == "bind" && config.Propagation.Length == 0 ? "rprivate" : config.Propagation);
    }

    [Theory]
    [InlineData("", "invalid volume specification: ''")]
    [InlineData(":/ctr", "invalid volume specification: ':/ctr'")]
    [InlineData("/ctr:rw", "invalid volume specification: '/ctr:rw'")]
    [InlineData("/a:/b:/c:/d", "invalid volume specification: '/a:/b:/c:/d'")]
    [InlineData("/a:/b:rw,ro", "invalid mode: rw,ro")]
    [InlineData("/a:/b:bogus", "invalid mode: bogus")]
    [InlineData("/host:ctr", "invalid volume specification: '/host:ctr': invalid mount config for type \"bind\": invalid mount path: 'ctr' mount path must be absolute")]
    [InlineData("/host:/", "invalid volume specification: '/host:/': invalid mount config for type \"bind\": invalid specification: destination can't be '/'")]
    [InlineData("data:/x:rshared", "invalid volume specification: 'data:/x:rshared': invalid mount config for type \"volume\": field BindOptions must not be specified")]
    [InlineData("relative", "invalid volume specification: 'relative': invalid mount config for type \"volume\": invalid mount path: 'relative' mount path must be absolute")]
    public void RejectsWithDockersMessage(string raw, string message)
    {
        var e = Assert.Throws<EngineException>(() => BindSpecParser.Parse(raw, null));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("web", "web", "rw")]
    [InlineData("web:ro", "web", "ro")]
    [InlineData("web:rw", "web", "rw")]
    public void ParsesVolumesFrom(string spec, string container, string mode)
    {
        Assert.Equal((container, mode), BindSpecParser.ParseVolumesFrom(spec));
    }

    [Theory]
    [InlineData("", "volumes-from specification cannot be an empty string")]
    [InlineData("web:rshared", "invalid mode: rshared")]
    [InlineData("web:nocopy", "invalid mode: nocopy")]
    [InlineData("web:xx", "invalid mode: xx")]
    public void RejectsBadVolumesFrom(string spec, string message)
    {
        Assert.Equal(message, Assert.Throws<EngineException>(() => BindSpecParser.ParseVolumesFrom(spec)).Message);
    }
}
