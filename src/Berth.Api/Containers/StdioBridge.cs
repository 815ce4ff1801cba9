using Berth.Core.Containers;
using Berth.Core.Errors;

namespace Berth.Api.Containers;

/// <summary>Couples a process's stdio session with a hijacked client connection, both ways.</summary>
internal static class StdioBridge
{
    /// <summary>Relays output until the process closes it (or the client goes away); client bytes go to
    /// stdin when <paramref name="stdin"/> is set, and the client's half-close closes stdin.</summary>
    public static async Task RunAsync(IStdioSession session, HijackedConnection connection, bool stdin, CancellationToken cancellationToken)
    {
        var writer = new StdioWriter(connection.Output, multiplexed: !session.Tty);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var input = stdin && connection.Input is { } source ? PumpInputAsync(source, session, stop.Token) : Task.CompletedTask;
        try
        {
            await foreach (var frame in session.ReadOutputAsync(stop.Token))
            {
                await writer.WriteAsync(frame.Stream, frame.Data, stop.Token);
            }
        }
        catch (IOException)
        {
            // The client closed the connection: detach, the process keeps running.
        }
        finally
        {
            await stop.CancelAsync();
            await input;
        }
    }

    /// <summary>Client → stdin until EOF, which is passed on as stdin's EOF. Never throws: a broken input
    /// side must not cut the output short.</summary>
    public static async Task PumpInputAsync(Stream source, IStdioSession session, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await source.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    await session.CloseStdinAsync(cancellationToken);
                    return;
                }

                await session.WriteStdinAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or EngineException or InvalidOperationException)
        {
            // Cancelled, client gone, or the process closed its stdin.
        }
    }
}
