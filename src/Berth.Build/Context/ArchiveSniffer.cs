using System.IO.Compression;

namespace Berth.Build.Context;

/// <summary>Opens a possibly gzip-compressed tar, and tells archives from plain files (ADD auto-extract).</summary>
internal static class ArchiveSniffer
{
    public static async Task<Stream> OpenTarAsync(Stream raw, CancellationToken cancellationToken)
    {
        var (stream, magic) = await PrefixedReadStream.SniffAsync(raw, 2, cancellationToken).ConfigureAwait(false);
        return IsGzip(magic) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    public static bool IsGzip(ReadOnlySpan<byte> magic) => magic.Length >= 2 && magic[0] == 0x1f && magic[1] == 0x8b;

    /// <summary>
    /// True for a tar or a gzip-compressed tar, which ADD unpacks. Like the legacy builder, a file is an
    /// archive only if a tar header can be read from it: a gzip of anything else is copied as it is.
    /// </summary>
    public static bool IsLocalArchive(string hostPath)
    {
        using var file = File.OpenRead(hostPath);
        Span<byte> head = stackalloc byte[512];
        var n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (!IsGzip(head[..n]))
        {
            return n == head.Length && IsTarHeader(head);
        }

        file.Position = 0;
        try
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            n = gzip.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return n == head.Length && IsTarHeader(head);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>A ustar/GNU magic, or else a valid header checksum (old v7 tars have no magic).</summary>
    internal static bool IsTarHeader(ReadOnlySpan<byte> header)
    {
        if (header.Slice(257, 5).SequenceEqual("ustar"u8))
        {
            return true;
        }

        var field = header.Slice(148, 8);
        var text = System.Text.Encoding.ASCII.GetString(field).Trim(' ', '\0');
        if (text.Length == 0 || text.Any(c => c is < '0' or > '7'))
        {
            return false;
        }

        long sum = 0;
        for (var i = 0; i < header.Length; i++)
        {
            sum += i is >= 148 and < 156 ? ' ' : header[i];
        }

        return Convert.ToInt64(text, 8) == sum;
    }
}
