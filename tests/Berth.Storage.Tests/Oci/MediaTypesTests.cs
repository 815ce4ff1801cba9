using Berth.Oci;

namespace Berth.Storage.Tests.Oci;

public sealed class MediaTypesTests
{
    [Theory]
    [InlineData(MediaTypes.OciLayerTar, true)]
    [InlineData(MediaTypes.OciLayerTarGzip, true)]
    [InlineData(MediaTypes.OciLayerTarZstd, true)]
    [InlineData(MediaTypes.DockerLayerGzip, true)]
    [InlineData(MediaTypes.DockerForeignLayerGzip, true)]
    [InlineData(MediaTypes.OciConfig, false)]
    [InlineData(MediaTypes.DockerManifest, false)]
    public void ClassifiesLayers(string mediaType, bool isLayer) => Assert.Equal(isLayer, MediaTypes.IsLayer(mediaType));

    [Fact]
    public void ClassifiesIndexesAndManifests()
    {
        Assert.True(MediaTypes.IsIndex(MediaTypes.OciIndex));
        Assert.True(MediaTypes.IsIndex(MediaTypes.DockerManifestList));
        Assert.True(MediaTypes.IsManifest(MediaTypes.OciManifest));
        Assert.True(MediaTypes.IsManifest(MediaTypes.DockerManifest));
        Assert.False(MediaTypes.IsManifest(MediaTypes.OciIndex));
        Assert.Equal("application/vnd.docker.distribution.manifest.v2+json", MediaTypes.DockerManifest);
    }
}
