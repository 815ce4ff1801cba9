using System.IO.Pipelines;
using Berth.Core.Images;

namespace Berth.Images.Tests;

/// <summary>`docker save x | docker load` against one daemon: the save's output feeds the load.</summary>
public sealed class SaveLoadConcurrencyTests
{
    [Fact]
    public async Task SavePipedIntoLoad_OnTheSameService_Completes()
    {
        var h = new Harness();
        // Bigger than the pipe's buffer, so the save can only finish while the load is reading.
        var big = new string('b', 4 << 20);
        var imported = await h.Service.ImportAsync(new NonSeekableStream(TestImages.LayerTar(("big", big))), new ImportOptions("big", "1", [], null, null), CancellationToken.None);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var save = Task.Run(async () =>
        {
            await using var output = pipe.Writer.AsStream();
            await h.Service.SaveAsync(["big:1"], output, timeout.Token);
        });
        var load = Task.Run(async () =>
        {
            await using var input = pipe.Reader.AsStream();
            return await h.Service.LoadAsync(input, _ => { }, timeout.Token);
        });

        await save;
        var loaded = await load;
        Assert.Equal(imported.Id, Assert.Single(loaded).Id);
    }
}
