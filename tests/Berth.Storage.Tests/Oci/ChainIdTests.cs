using System.Security.Cryptography;
using System.Text;
using Berth.Oci;

namespace Berth.Storage.Tests.Oci;

public sealed class ChainIdTests
{
    private static readonly string A = "sha256:" + new string('a', 64);
    private static readonly string B = "sha256:" + new string('b', 64);
    private static readonly string C = "sha256:" + new string('c', 64);

    [Fact]
    public void FollowsTheOciDefinition()
    {
        var chain = ChainId.Compute([A, B, C]);

        var second = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(A + " " + B)));
        var third = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(second + " " + C)));
        Assert.Equal([A, second, third], chain);
        Assert.Equal(third, ChainId.ComputeTop([A, B, C]));
    }

    [Fact]
    public void EmptyListGivesNoChain()
    {
        Assert.Empty(ChainId.Compute([]));
        Assert.Null(ChainId.ComputeTop([]));
    }

    [Fact]
    public void RejectsInvalidDiffIds() =>
        Assert.Throws<FormatException>(() => ChainId.Compute(["sha256:nothex"]));
}
