using System.Globalization;
using System.Text;
using Berth.Linux;
using Berth.Runtime.Conmon;
using Microsoft.Win32.SafeHandles;

namespace Berth.Runtime.Stdio;

/// <summary>conmon's "ctl" fifo: "&lt;type&gt; &lt;height&gt; &lt;width&gt;\n", type 1 = terminal
/// resize, type 2 = reopen the log file (after the daemon rotated it).</summary>
internal static class ControlFifo
{
    private const int ResizeEvent = 1;
    private const int ReopenLogsEvent = 2;

    /// <summary>Returns false when no conmon listens (the process has exited).</summary>
    public static Task<bool> ResizeAsync(string bundle, int height, int width, CancellationToken ct) =>
        SendAsync(bundle, ResizeEvent, height, width, ct);

    public static Task<bool> ReopenLogsAsync(string bundle, CancellationToken ct) => SendAsync(bundle, ReopenLogsEvent, 0, 0, ct);

    private static async Task<bool> SendAsync(string bundle, int type, int height, int width, CancellationToken ct)
    {
        using SafeFileHandle? fifo = FileDescriptors.OpenFifoForWriting(ConmonLauncher.ControlFifo(bundle));
        if (fifo is null)
        {
            return false;
        }
        byte[] message = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{type} {height} {width}\n"));
        // A message this small is written whole into the fifo's buffer (PIPE_BUF), never partially.
        await using var stream = new FileStream(fifo, FileAccess.Write, 1);
        await stream.WriteAsync(message, ct).ConfigureAwait(false);
        return true;
    }
}
