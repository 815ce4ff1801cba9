using System.Globalization;
using Berth.Runtime.Conmon;

namespace Berth.Runtime.Stdio;

/// <summary>conmon's "ctl" fifo: "&lt;type&gt; &lt;height&gt; &lt;width&gt;\n", type 1 = terminal resize.</summary>
internal static class ControlFifo
{
    public static async Task ResizeAsync(string bundle, int height, int width, CancellationToken ct)
    {
        string path = ConmonLauncher.ControlFifo(bundle);
        if (!File.Exists(path))
        {
            return;
        }
        await using var fifo = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
        byte[] message = System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"1 {height} {width}\n"));
        await fifo.WriteAsync(message, ct).ConfigureAwait(false);
    }
}
