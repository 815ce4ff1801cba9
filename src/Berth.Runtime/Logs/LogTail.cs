namespace Berth.Runtime.Logs;

/// <summary>
/// Finds where the last N lines of a k8s-file log start by reading blocks backwards from the end,
/// so `logs --tail N` costs what the N lines cost, not the whole file. A line is a run of "P"
/// (partial) records closed by an "F" record, so only F records are counted; the result is the
/// offset just after the (N+1)-th F record from the end.
/// </summary>
internal static class LogTail
{
    private const int BlockSize = 64 * 1024;

    /// <summary>Scans one file. Returns the start offset when found in it; otherwise null, with
    /// <paramref name="remaining"/> reduced by the lines the file holds (continue with the older file).</summary>
    public static async Task<long?> FindStartAsync(string path, int[] remaining, CancellationToken ct)
    {
        await using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        long position = fs.Length;
        byte[] carry = [];
        bool atEnd = true;
        while (position > 0)
        {
            int size = (int)Math.Min(BlockSize, position);
            long blockStart = position - size;
            byte[] data = new byte[size + carry.Length];
            fs.Seek(blockStart, SeekOrigin.Begin);
            await fs.ReadExactlyAsync(data.AsMemory(0, size), ct).ConfigureAwait(false);
            carry.CopyTo(data, size);
            int end = data.Length;
            if (atEnd)
            {
                // Bytes after the last newline are a record still being written: not counted.
                end = Array.LastIndexOf(data, (byte)'\n') + 1;
                atEnd = end == 0;
            }
            int lineEnd = end;
            while (lineEnd > 0)
            {
                int previousNewline = lineEnd >= 2 ? Array.LastIndexOf(data, (byte)'\n', lineEnd - 2) : -1;
                if (previousNewline < 0 && blockStart > 0)
                {
                    break; // the line starts in an earlier block
                }
                int lineStart = previousNewline + 1;
                if (IsFullLineRecord(data.AsSpan(lineStart, lineEnd - lineStart)))
                {
                    if (remaining[0] == 0)
                    {
                        return blockStart + lineEnd;
                    }
                    remaining[0]--;
                }
                lineEnd = lineStart;
            }
            carry = data[..lineEnd];
            position = blockStart;
        }
        return null;
    }

    /// <summary>"&lt;time&gt; &lt;stream&gt; F ..." (a record that ends a line).</summary>
    private static bool IsFullLineRecord(ReadOnlySpan<byte> line)
    {
        int s1 = line.IndexOf((byte)' ');
        if (s1 < 0)
        {
            return false;
        }
        int s2 = line[(s1 + 1)..].IndexOf((byte)' ');
        int flag = s1 + 1 + s2 + 1;
        return s2 >= 0 && flag < line.Length && line[flag] == (byte)'F';
    }
}
