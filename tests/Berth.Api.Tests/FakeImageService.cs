using System.Collections.Concurrent;
using System.Text;
using Berth.Core.Errors;
using Berth.Core.Images;

namespace Berth.Api.Tests;

/// <summary>An in-memory image service that records what the API passed it.</summary>
internal sealed class FakeImageService : IImageService
{
    public ConcurrentDictionary<string, ImageDetails> Images { get; } = new();
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? LastFilters { get; private set; }
    public bool LastAll { get; private set; }
    public (string Source, string Repository, string? Tag)? LastTag { get; private set; }
    public (string Name, bool Force, bool NoPrune)? LastRemove { get; private set; }
    public ImportOptions? LastImport { get; private set; }
    public byte[]? LastImportBody { get; private set; }

    /// <summary>Set to script LoadAsync: report lines, wait, fail...</summary>
    public Func<Stream, Action<string>, CancellationToken, Task<IReadOnlyList<ImageDetails>>>? OnLoad { get; set; }

    public Exception? FailWith { get; set; }

    public static ImageDetails Make(string id, params string[] tags) => new(
        id, tags, [], "", new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234567), 1234,
        ["sha256:" + new string('a', 64)], new Dictionary<string, string>(),
        Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","created":"2024-05-06T07:08:09.1234567Z","config":{"Cmd":["sh"],"Env":["PATH=/bin"]},"rootfs":{"type":"layers","diff_ids":[]}}"""),
        0);

    public ImageDetails Add(string id, params string[] tags)
    {
        var image = Make(id, tags);
        Images[id] = image;
        return image;
    }

    public Task<IReadOnlyList<ImageDetails>> ListAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, bool all, CancellationToken cancellationToken)
    {
        ThrowIfScripted();
        LastFilters = filters;
        LastAll = all;
        return Task.FromResult<IReadOnlyList<ImageDetails>>(Images.Values.OrderBy(i => i.Id).ToArray());
    }

    public Task<ImageDetails> GetAsync(string name, CancellationToken cancellationToken)
    {
        ThrowIfScripted();
        return Task.FromResult(Find(name));
    }

    public Task<IReadOnlyList<ImageHistoryEntry>> HistoryAsync(string name, CancellationToken cancellationToken)
    {
        var image = Find(name);
        IReadOnlyList<ImageHistoryEntry> history = [new(image.Id, image.Created, "/bin/sh -c #(nop) CMD [\"sh\"]", image.RepoTags, 0, "")];
        return Task.FromResult(history);
    }

    public Task TagAsync(string source, string repository, string? tag, CancellationToken cancellationToken)
    {
        Find(source);
        LastTag = (source, repository, tag);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ImageDeleteItem>> RemoveAsync(string name, bool force, bool noPrune, CancellationToken cancellationToken)
    {
        ThrowIfScripted();
        LastRemove = (name, force, noPrune);
        var image = Find(name);
        Images.TryRemove(image.Id, out _);
        IReadOnlyList<ImageDeleteItem> items = [new(name, null), new(null, image.Id)];
        return Task.FromResult(items);
    }

    public Task<ImagePruneResult> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken)
    {
        LastFilters = filters;
        return Task.FromResult(new ImagePruneResult([], 0));
    }

    public async Task<ImageDetails> ImportAsync(Stream rootfsTar, ImportOptions options, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await rootfsTar.CopyToAsync(buffer, cancellationToken);
        LastImport = options;
        LastImportBody = buffer.ToArray();
        return Add("sha256:" + new string('c', 64));
    }

    public Task<IReadOnlyList<ImageDetails>> LoadAsync(Stream archive, Action<string> progress, CancellationToken cancellationToken) =>
        OnLoad?.Invoke(archive, progress, cancellationToken) ?? Task.FromResult<IReadOnlyList<ImageDetails>>([]);

    public async Task SaveAsync(IReadOnlyList<string> names, Stream output, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            Find(name);
        }

        await output.WriteAsync(Encoding.UTF8.GetBytes("TAR:" + string.Join(",", names)), cancellationToken);
    }

    public Task<ImageRootfs> ResolveRootfsAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ImageDetails> CommitAsync(CommitRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    private ImageDetails Find(string name) =>
        Images.Values.FirstOrDefault(i => i.Id == name || i.RepoTags.Contains(name))
        ?? throw EngineException.NotFound($"No such image: {name}");

    private void ThrowIfScripted()
    {
        if (FailWith is { } failure)
        {
            throw failure;
        }
    }
}
