using Berth.Core.Images;
using Berth.Images.Tests.Fakes;

namespace Berth.Images.Tests;

internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>An ImageService over in-memory fakes.</summary>
internal sealed class Harness
{
    public FakeContentStore Content { get; } = new();
    public FakeSnapshotter Snapshots { get; } = new();
    public InMemoryImageMetadataStore Metadata { get; } = new();
    public FakeUsage Usage { get; } = new();
    public RecordingEventSink Events { get; } = new();
    public ManualTime Time { get; } = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    public ImageService Service { get; }

    public Harness() => Service = new ImageService(Content, Snapshots, Metadata, Usage, Events, Time);

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> NoFilters { get; } = new Dictionary<string, IReadOnlyList<string>>();

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Filters(params (string Key, string Value)[] pairs) =>
        pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.Value).ToArray());

    public async Task<(IReadOnlyList<ImageDetails> Images, List<string> Progress)> LoadAsync(byte[] archive)
    {
        var progress = new List<string>();
        var images = await Service.LoadAsync(new NonSeekableStream(archive), progress.Add, CancellationToken.None);
        return (images, progress);
    }

    public async Task<ImageDetails> LoadOneAsync(TestImage image, params string[] tags) =>
        (await LoadAsync(TestImages.Docker25Archive((image, tags)))).Images.Single();
}

/// <summary>Like an HTTP request body: read-only, forward-only.</summary>
internal sealed class NonSeekableStream(byte[] data) : Stream
{
    private readonly MemoryStream _inner = new(data);
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7000));
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Write-only, forward-only output (an HTTP response body).</summary>
internal sealed class NonSeekableOutput : Stream
{
    public MemoryStream Written { get; } = new();
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);
}
