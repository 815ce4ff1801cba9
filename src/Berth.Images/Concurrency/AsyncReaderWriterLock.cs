namespace Berth.Images.Concurrency;

/// <summary>
/// Shared/exclusive lock for the image store. Streaming work (an archive arriving or leaving over
/// the network) holds it shared, so `docker save x | docker load` against one daemon does not wait on
/// itself; changes that garbage-collect layers or blobs hold it exclusively. Readers are preferred:
/// image writes are short, streams are long, and a writer only waits for streams already running.
/// </summary>
internal sealed class AsyncReaderWriterLock
{
    private readonly SemaphoreSlim _exclusive = new(1, 1);
    private readonly SemaphoreSlim _readerGate = new(1, 1);
    private int _readers;

    public async Task<IAsyncDisposable> EnterSharedAsync(CancellationToken cancellationToken)
    {
        await _readerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_readers == 0)
            {
                // The first reader takes the exclusive slot on behalf of all readers.
                await _exclusive.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            _readers++;
        }
        finally
        {
            _readerGate.Release();
        }

        return new Releaser(ExitSharedAsync);
    }

    public async Task<IAsyncDisposable> EnterExclusiveAsync(CancellationToken cancellationToken)
    {
        await _exclusive.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(() =>
        {
            _exclusive.Release();
            return ValueTask.CompletedTask;
        });
    }

    private async ValueTask ExitSharedAsync()
    {
        await _readerGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (--_readers == 0)
            {
                _exclusive.Release();
            }
        }
        finally
        {
            _readerGate.Release();
        }
    }

    private sealed class Releaser(Func<ValueTask> release) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _released, 1) == 0 ? release() : ValueTask.CompletedTask;
    }
}
