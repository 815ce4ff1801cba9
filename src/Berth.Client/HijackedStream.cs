using Berth.Client.Http;

namespace Berth.Client;

/// <summary>The raw duplex stream of a hijacked connection (attach/exec) after the upgrade.</summary>
public sealed class HijackedStream : Stream
{
    private readonly BufferedConnection _connection;

    internal HijackedStream(BufferedConnection connection, string? contentType)
    {
        _connection = connection;
        ContentType = contentType;
    }

    /// <summary>application/vnd.docker.multiplexed-stream when output is framed, raw-stream for a TTY.</summary>
    public string? ContentType { get; }

    public bool IsMultiplexed => ContentType?.Contains("multiplexed", StringComparison.OrdinalIgnoreCase) == true;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Half-closes the connection so the container sees EOF on stdin.</summary>
    public void CloseWrite() => _connection.ShutdownWrite();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _connection.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _connection.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _connection.Dispose();
        }

        base.Dispose(disposing);
    }
}
