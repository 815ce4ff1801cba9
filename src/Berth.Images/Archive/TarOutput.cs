using System.Buffers;
using System.Text;

namespace Berth.Images.Archive;

/// <summary>
/// Minimal ustar writer for `save`. Unlike TarWriter it needs no seekable data stream: the caller
/// states each file's size up front and streams the bytes, so layers can be decompressed straight
/// into a non-seekable HTTP response. Sizes of 8 GiB and more use the base-256 size field.
/// </summary>
internal sealed class TarOutput(Stream output)
{
    private const int BlockSize = 512;

    public Task WriteDirectoryAsync(string name, CancellationToken cancellationToken) =>
        WriteHeaderAsync(name.EndsWith('/') ? name : name + "/", 0, '5', "0000755", cancellationToken);

    public async Task WriteFileAsync(string name, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await WriteHeaderAsync(name, data.Length, '0', "0000644", cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        await PadAsync(data.Length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies exactly <paramref name="size"/> bytes; a shorter or longer source is an error, since the header is already out.</summary>
    public async Task WriteFileAsync(string name, long size, Stream data, CancellationToken cancellationToken)
    {
        await WriteHeaderAsync(name, size, '0', "0000644", cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long copied = 0;
            while (true)
            {
                var n = await data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                if (copied + n > size)
                {
                    throw new InvalidDataException($"{name}: more data than the {size} bytes announced");
                }

                await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                copied += n;
            }

            if (copied != size)
            {
                throw new InvalidDataException($"{name}: {copied} bytes instead of {size}");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await PadAsync(size, cancellationToken).ConfigureAwait(false);
    }

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await output.WriteAsync(new byte[BlockSize * 2], cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task PadAsync(long size, CancellationToken cancellationToken)
    {
        var pad = (int)((BlockSize - (size % BlockSize)) % BlockSize);
        if (pad > 0)
        {
            await output.WriteAsync(new byte[pad], cancellationToken).ConfigureAwait(false);
        }
    }

    private Task WriteHeaderAsync(string name, long size, char type, string mode, CancellationToken cancellationToken)
    {
        var header = new byte[BlockSize];
        var nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length > 100)
        {
            throw new ArgumentException($"archive path too long: {name}", nameof(name));
        }

        nameBytes.CopyTo(header, 0);
        Ascii(header, 100, mode + "\0");
        Ascii(header, 108, "0000000\0");
        Ascii(header, 116, "0000000\0");
        if (size < 8L * 1024 * 1024 * 1024)
        {
            Ascii(header, 124, Convert.ToString(size, 8).PadLeft(11, '0') + "\0");
        }
        else
        {
            header[124] = 0x80;
            for (var i = 0; i < 8; i++)
            {
                header[135 - i] = (byte)(size >> (8 * i));
            }
        }

        Ascii(header, 136, "00000000000\0");
        header[156] = (byte)type;
        Ascii(header, 257, "ustar\0" + "00");
        Ascii(header, 265, "root");
        Ascii(header, 297, "root");

        // The checksum is computed with its own field as spaces.
        Ascii(header, 148, "        ");
        var sum = header.Sum(b => (int)b);
        Ascii(header, 148, Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ");
        return output.WriteAsync(header, cancellationToken).AsTask();
    }

    private static void Ascii(byte[] header, int offset, string value) => Encoding.ASCII.GetBytes(value, 0, value.Length, header, offset);
}
