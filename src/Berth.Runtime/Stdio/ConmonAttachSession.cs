using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Berth.Core.Containers;
using Berth.Linux;
using Berth.Runtime.Conmon;

namespace Berth.Runtime.Stdio;

/// <summary>
/// conmon's attach socket: SOCK_SEQPACKET; each packet read starts with one byte naming the stream
/// (2 stdout, 3 stderr), packets written go to the container's stdin. Resize goes through the "ctl"
/// fifo as "1 &lt;height&gt; &lt;width&gt;\n".
/// </summary>
internal sealed class ConmonAttachSession : IStdioSession
{
    private const int BufferSize = 8192;
    private readonly Socket _socket;
    private readonly string _bundle;
    private readonly AttachOptions _options;

    private ConmonAttachSession(Socket socket, string bundle, bool tty, AttachOptions options)
    {
        _socket = socket;
        _bundle = bundle;
        _options = options;
        Tty = tty;
    }

    public bool Tty { get; }

    public static async Task<ConmonAttachSession> ConnectAsync(string bundle, bool tty, AttachOptions options, CancellationToken ct)
    {
        using var dir = FileDescriptors.OpenDirectoryPath(bundle);
        var socket = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            string address = $"/proc/self/fd/{dir.DangerousGetHandle()}/attach";
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(address), ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new ConmonAttachSession(socket, bundle, tty, options);
    }

    public async ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (!_options.Stdin)
        {
            throw new InvalidOperationException("stdin is not attached");
        }
        while (!data.IsEmpty)
        {
            int n = Math.Min(BufferSize, data.Length);
            await _socket.SendAsync(data[..n], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[n..];
        }
    }

    public ValueTask CloseStdinAsync(CancellationToken cancellationToken)
    {
        _socket.Shutdown(SocketShutdown.Send);
        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<OutputFrame> ReadOutputAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[BufferSize + 1];
        while (true)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                yield break;
            }
            catch (ObjectDisposedException)
            {
                yield break;
            }
            if (n <= 0)
            {
                yield break;
            }
            LogStream stream = buffer[0] == 3 ? LogStream.Stderr : LogStream.Stdout;
            if (n == 1 || (stream == LogStream.Stdout ? !_options.Stdout : !_options.Stderr))
            {
                continue;
            }
            yield return new OutputFrame(stream, buffer.AsSpan(1, n - 1).ToArray());
        }
    }

    public Task ResizeAsync(int height, int width, CancellationToken cancellationToken) =>
        ControlFifo.ResizeAsync(_bundle, height, width, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
