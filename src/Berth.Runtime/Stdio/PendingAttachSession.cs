using System.Runtime.CompilerServices;
using Berth.Core.Containers;

namespace Berth.Runtime.Stdio;

/// <summary>
/// An attach to a container that is not running yet (`docker run`, `docker start -a`). The runtime
/// binds it to conmon's attach socket right after `runc create` and before `runc start`, so the
/// first byte of output is seen and stdin written early is delivered. Until then reads and stdin
/// writes wait; <see cref="Abandon"/> (container removed) ends the output instead.
/// </summary>
internal sealed class PendingAttachSession(bool tty, AttachOptions options, Action<PendingAttachSession> unregister) : IStdioSession
{
    private readonly TaskCompletionSource<IStdioSession?> _live = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Tty => tty;

    public AttachOptions Options => options;

    /// <summary>Hands over the connected socket; a session already disposed closes it again.</summary>
    public void Bind(IStdioSession live)
    {
        if (!_live.TrySetResult(live))
        {
            _ = live.DisposeAsync();
        }
    }

    public void Abandon() => _live.TrySetResult(null);

    public async ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        IStdioSession live = await _live.Task.WaitAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("the container was removed before it started");
        await live.WriteStdinAsync(data, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CloseStdinAsync(CancellationToken cancellationToken)
    {
        if (await _live.Task.WaitAsync(cancellationToken).ConfigureAwait(false) is { } live)
        {
            await live.CloseStdinAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async IAsyncEnumerable<OutputFrame> ReadOutputAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (await _live.Task.WaitAsync(cancellationToken).ConfigureAwait(false) is not { } live)
        {
            yield break;
        }
        await foreach (OutputFrame frame in live.ReadOutputAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return frame;
        }
    }

    /// <summary>Before the start there is no terminal to resize; clients resize again once it runs.</summary>
    public Task ResizeAsync(int height, int width, CancellationToken cancellationToken) =>
        _live.Task.IsCompletedSuccessfully && _live.Task.Result is { } live ? live.ResizeAsync(height, width, cancellationToken) : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        unregister(this);
        if (!_live.TrySetResult(null) && _live.Task.Result is { } live)
        {
            await live.DisposeAsync().ConfigureAwait(false);
        }
    }
}
