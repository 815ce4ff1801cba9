using System.Runtime.CompilerServices;
using Berth.Core.Containers;

namespace Berth.Runtime.Stdio;

/// <summary>
/// An exec's attach socket whose output ends only once the exit code is known: conmon closes the
/// socket just before it reports the exit, and Docker clients call exec inspect as soon as the
/// stream ends, expecting the code to be there.
/// </summary>
internal sealed class ExecAttachSession(ConmonAttachSession inner, Task exited) : IStdioSession
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(10);

    public bool Tty => inner.Tty;

    public ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        inner.WriteStdinAsync(data, cancellationToken);

    public ValueTask CloseStdinAsync(CancellationToken cancellationToken) => inner.CloseStdinAsync(cancellationToken);

    public async IAsyncEnumerable<OutputFrame> ReadOutputAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (OutputFrame frame in inner.ReadOutputAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return frame;
        }
        try
        {
            await exited.WaitAsync(ExitGrace, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The process closed its output but lives on (it may have daemonized); don't hang the client.
        }
    }

    public Task ResizeAsync(int height, int width, CancellationToken cancellationToken) =>
        inner.ResizeAsync(height, width, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
