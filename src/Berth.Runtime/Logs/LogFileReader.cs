using System.Runtime.CompilerServices;
using Berth.Core.Containers;
using Berth.Linux;

namespace Berth.Runtime.Logs;

/// <summary>
/// Reads a container's k8s-file log: rotated files (ctr.log.N … ctr.log.1) then the live ctr.log,
/// with tail (found from the end, see <see cref="LogTail"/>), since/until and stream filters, and
/// when following, new records until the container stops. A follower keeps its file open: when the
/// daemon rotates (renames ctr.log away and conmon reopens a new one) it drains the old file through
/// its descriptor, then moves on to the new file, so no record is lost or repeated.
/// Tail counts lines of both streams before the stream filter applies, as Docker's json-file does.
/// </summary>
internal static class LogFileReader
{
    private const int ChunkSize = 64 * 1024;

    /// <param name="files">Oldest first; the last one is the live file.</param>
    public static async IAsyncEnumerable<LogEntry> ReadAsync(IReadOnlyList<string> files, LogsOptions options, Func<bool> isRunning,
        TimeSpan pollInterval, [EnumeratorCancellation] CancellationToken ct)
    {
        var (firstFile, firstOffset) = await StartAsync(files, options.Tail, ct).ConfigureAwait(false);
        string live = files[^1];
        for (int i = firstFile; i < files.Count - 1; i++)
        {
            await foreach (LogEntry e in ReadFileAsync(files[i], i == firstFile ? firstOffset : 0, ct).ConfigureAwait(false))
            {
                if (options.Until is { } until && e.Timestamp > until)
                {
                    yield break;
                }
                if (Wanted(e, options))
                {
                    yield return e;
                }
            }
        }

        long position = firstFile == files.Count - 1 ? firstOffset : 0;
        FileStream? stream = Open(live);
        try
        {
            while (true)
            {
                bool running = options.Follow && isRunning();
                bool backlog = false;
                long before = position;
                var fresh = new List<LogEntry>();
                if (stream is null)
                {
                    stream = Open(live);
                    position = 0;
                }
                if (stream is not null)
                {
                    position = await ReadNewAsync(stream, position, fresh, ct, ChunkSize).ConfigureAwait(false);
                    backlog = stream.Length > position + ChunkSize;
                    if (options.Follow && FileIdentity.Of(live) is { } current && current != FileIdentity.Of(stream.SafeFileHandle))
                    {
                        // Rotated: what conmon wrote before it reopened is in our descriptor. The
                        // file after ours is the next newer one, which is not the live file when
                        // more than one rotation happened since the last poll.
                        await ReadNewAsync(stream, position, fresh, ct).ConfigureAwait(false);
                        string next = NextAfter(live, FileIdentity.Of(stream.SafeFileHandle));
                        await stream.DisposeAsync().ConfigureAwait(false);
                        stream = Open(next);
                        position = 0;
                    }
                }
                foreach (LogEntry e in fresh)
                {
                    if (options.Until is { } until && e.Timestamp > until)
                    {
                        yield break;
                    }
                    if (Wanted(e, options))
                    {
                        yield return e;
                    }
                }
                if (!running && position == before)
                {
                    yield break;
                }
                if (backlog || (!options.Follow && position != before))
                {
                    continue;
                }
                try
                {
                    await Task.Delay(pollInterval, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>(file index, offset) where reading starts: the beginning, or the tail's first line.</summary>
    private static async Task<(int File, long Offset)> StartAsync(IReadOnlyList<string> files, int? tail, CancellationToken ct)
    {
        if (tail is not >= 0)
        {
            return (0, 0);
        }
        int[] remaining = [tail.Value];
        for (int i = files.Count - 1; i >= 0; i--)
        {
            if (!File.Exists(files[i]))
            {
                continue;
            }
            if (await LogTail.FindStartAsync(files[i], remaining, ct).ConfigureAwait(false) is { } offset)
            {
                return (i, offset);
            }
        }
        return (0, 0);
    }

    /// <summary>The file written after the one identified by <paramref name="id"/>: ctr.log.(k-1) when
    /// it is ctr.log.k now, the oldest rotated file when ours was already dropped.</summary>
    private static string NextAfter(string live, (ulong, ulong) id)
    {
        string Name(int k) => k == 0 ? live : live + "." + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        int oldest = 0;
        for (int k = 1; File.Exists(Name(k)); k++)
        {
            if (FileIdentity.Of(Name(k)) == id)
            {
                return Name(k - 1);
            }
            oldest = k;
        }
        return Name(oldest);
    }

    private static FileStream? Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static async IAsyncEnumerable<LogEntry> ReadFileAsync(string path, long offset, [EnumeratorCancellation] CancellationToken ct)
    {
        await using FileStream? stream = Open(path);
        if (stream is null)
        {
            yield break;
        }
        long position = offset;
        while (true)
        {
            var batch = new List<LogEntry>();
            long next = await ReadNewAsync(stream, position, batch, ct, ChunkSize).ConfigureAwait(false);
            foreach (LogEntry e in batch)
            {
                yield return e;
            }
            if (next == position)
            {
                yield break;
            }
            position = next;
        }
    }

    /// <summary>Parses whole records from <paramref name="position"/> (at most <paramref name="limit"/>
    /// bytes); returns the position after the last complete one.</summary>
    private static async Task<long> ReadNewAsync(FileStream stream, long position, List<LogEntry> into, CancellationToken ct, int limit = int.MaxValue)
    {
        long length = stream.Length;
        if (length <= position)
        {
            return position;
        }
        byte[] buffer = new byte[Math.Min(length - position, Math.Max(limit, 1))];
        stream.Seek(position, SeekOrigin.Begin);
        int read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        long consumed = ParseComplete(buffer.AsSpan(0, read), into);
        if (consumed == 0 && read == buffer.Length && limit != int.MaxValue)
        {
            // One record longer than a chunk: read it whole.
            return await ReadNewAsync(stream, position, into, ct, limit * 2).ConfigureAwait(false);
        }
        return position + consumed;
    }

    private static bool Wanted(LogEntry e, LogsOptions o) =>
        (e.Stream == LogStream.Stderr ? o.Stderr : o.Stdout) && (o.Since is not { } since || e.Timestamp >= since);

    /// <summary>Parses whole lines; returns the bytes consumed (a trailing incomplete line is left for later).</summary>
    private static long ParseComplete(ReadOnlySpan<byte> data, List<LogEntry> into)
    {
        long consumed = 0;
        while (true)
        {
            int nl = data.IndexOf((byte)'\n');
            if (nl < 0)
            {
                return consumed;
            }
            if (K8sLogLine.TryParse(data[..nl], out LogEntry entry))
            {
                into.Add(entry);
            }
            consumed += nl + 1;
            data = data[(nl + 1)..];
        }
    }
}
