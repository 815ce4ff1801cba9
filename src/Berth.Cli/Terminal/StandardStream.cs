using System.Runtime.InteropServices;

namespace Berth.Cli.Terminal;

/// <summary>
/// A standard stream as plain read(2)/write(2) on its descriptor. Console's own streams set up
/// .NET's terminal handling on first use, which writes the terminfo keypad-transmit sequence
/// (ESC [?1h ESC =) to a terminal: output docker never prints. (A FileStream will not do either:
/// on a regular file it writes at its own offset, so `{ berth ps; echo; } &gt; f` would overwrite.)
/// Like Console's streams, a reader that went away (EPIPE, `berth ps | head -1`) ends writing quietly.
/// </summary>
internal sealed partial class StandardStream : Stream
{
    private const int EINTR = 4;
    private const int EAGAIN = 11;
    private const int EPIPE = 32;
    private readonly int _fd;
    private readonly bool _read;
    private bool _broken;

    private StandardStream(int fd, bool read)
    {
        _fd = fd;
        _read = read;
    }

    public static Stream Input() => new StandardStream(0, read: true);

    public static Stream Output() => new StandardStream(1, read: false);

    public static Stream Error() => new StandardStream(2, read: false);

    public override bool CanRead => _read;
    public override bool CanSeek => false;
    public override bool CanWrite => !_read;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            var n = SysRead(_fd, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
            if (n >= 0)
            {
                return (int)n;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR)
            {
                throw new IOException($"read: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty && !_broken)
        {
            var n = SysWrite(_fd, in MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
            if (n >= 0)
            {
                buffer = buffer[(int)n..];
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == EPIPE)
            {
                _broken = true;
            }
            else if (errno == EAGAIN)
            {
                Thread.Sleep(1);
            }
            else if (errno != EINTR)
            {
                throw new IOException($"write: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint SysRead(int fd, ref byte buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint SysWrite(int fd, in byte buffer, nuint count);
}
