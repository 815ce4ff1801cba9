using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>
/// docker's hijackedIOStreamer: container output to stdout/stderr (demultiplexed unless TTY),
/// stdin to the container (half-closing on EOF), until the output ends or the user detaches.
/// </summary>
internal static class HijackPump
{
    /// <param name="pendingInput">Keystrokes read from the terminal before the pump started, sent first.</param>
    /// <returns>true when the user typed the detach sequence.</returns>
    public static async Task<bool> RunAsync(HijackedStream connection, bool tty, Stream? stdin, Stream stdout, Stream stderr, byte[]? detachKeys, ReadOnlyMemory<byte> pendingInput = default)
    {
        var output = tty ? CopyRawAsync(connection, stdout) : new MultiplexedStreamReader(connection).CopyToAsync(stdout, stderr, CancellationToken.None);
        var input = Task.Run(() => PumpInputAsync(connection, stdin, tty ? detachKeys : null, pendingInput));
        var first = await Task.WhenAny(output, input).ConfigureAwait(false);
        if (first == input && await input.ConfigureAwait(false))
        {
            return true;
        }

        try
        {
            await output.ConfigureAwait(false);
        }
        catch (IOException) when (first == input)
        {
            // The daemon closed the connection after stdin ended: nothing more to show.
        }

        return false;
    }

    private static async Task CopyRawAsync(Stream source, Stream target)
    {
        var buffer = new byte[32 * 1024];
        int n;
        while ((n = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            await target.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
            await target.FlushAsync().ConfigureAwait(false);
        }
    }

    private static async Task<bool> PumpInputAsync(HijackedStream connection, Stream? stdin, byte[]? detachKeys, ReadOnlyMemory<byte> pendingInput)
    {
        try
        {
            if (stdin is not null)
            {
                var filter = detachKeys is { Length: > 0 } ? new DetachKeyFilter(detachKeys) : null;
                if (!pendingInput.IsEmpty && await ForwardAsync(connection, filter, pendingInput).ConfigureAwait(false))
                {
                    return true;
                }

                var buffer = new byte[4096];
                int n;
                while ((n = await stdin.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                {
                    if (await ForwardAsync(connection, filter, buffer.AsMemory(0, n)).ConfigureAwait(false))
                    {
                        return true;
                    }
                }
            }

            connection.CloseWrite();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or global::System.Net.Sockets.SocketException)
        {
            // The container side went away first; the output task reports the outcome.
        }

        return false;
    }

    /// <returns>true when the detach sequence completed.</returns>
    private static async Task<bool> ForwardAsync(HijackedStream connection, DetachKeyFilter? filter, ReadOnlyMemory<byte> input)
    {
        if (filter is null)
        {
            await connection.WriteAsync(input).ConfigureAwait(false);
            return false;
        }

        var (forward, detach) = filter.Process(input.Span);
        if (forward.Length > 0)
        {
            await connection.WriteAsync(forward).ConfigureAwait(false);
        }

        return detach;
    }
}
