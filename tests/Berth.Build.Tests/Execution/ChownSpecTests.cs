using Berth.Build.Execution;
using Berth.Core.Errors;

namespace Berth.Build.Tests.Execution;

public sealed class ChownSpecTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n";
    private const string Group = "root:x:0:\napp:x:1000:\nstaff:x:50:\n";

    [Theory]
    [InlineData("1000", 1000, 1000)]
    [InlineData("1000:50", 1000, 50)]
    [InlineData("app", 1000, 1000)]
    [InlineData("app:staff", 1000, 50)]
    [InlineData("0:app", 0, 1000)]
    public void Resolves_names_and_ids(string chown, int uid, int gid) =>
        Assert.Equal((uid, gid), ChownSpec.Resolve(chown, Passwd, Group));

    [Fact]
    public void Unknown_user_is_an_error()
    {
        var e = Assert.Throws<EngineException>(() => ChownSpec.Resolve("nobody2", Passwd, Group));
        Assert.Contains("no such user: nobody2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chmod_is_octal()
    {
        Assert.Equal(0x1ED, ChownSpec.ParseChmod("755"));
        Assert.Null(ChownSpec.ParseChmod(""));
        Assert.Throws<EngineException>(() => ChownSpec.ParseChmod("u+x"));
    }
}
