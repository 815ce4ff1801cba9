using System.Runtime.CompilerServices;
using Berth.Core.Containers;

namespace Berth.Runtime.Logs;

/// <summary>
/// Reads a container's k8s-file log: history (with tail/since/until) and, when following, new
/// records until the container stops. conmon's --log-size-max rotation replaces the file (it keeps
/// no rotated files), which a follower detects as a shrink or a new inode and reopens from the start.
/// </summary>
internal static class LogFileReader
{
    public static async IAsyncEnumerable<LogEntry> ReadAsync(string path, LogsOptions options, Func<bool> isRunning,
        TimeSpan pollInterval, [EnumeratorCancellation] CancellationToken ct)
    {
        long position = 0;
        var history = new List<LogEntry>();
        if (File.Exists(path))
        {
            byte[] all = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
            position = ParseComplete(all, history);
        }
        IEnumerable<LogEntry> selected = history.Where(e => Wanted(e, options));
        if (options.Tail is >= 0)
        {
            selected = TakeLastLines(selected.ToList(), options.Tail.Value);
        }
        foreach (LogEntry e in selected)
        {
            if (options.Until is { } until && e.Timestamp > until)
            {
                yield break;
            }
            yield return e;
        }
        if (!options.Follow)
        {
            yield break;
        }

        while (!ct.IsCancellationRequested)
        {
            bool running = isRunning();
            var fresh = new List<LogEntry>();
            if (File.Exists(path))
            {
                long length = new FileInfo(path).Length;
                if (length < position)
                {
                    position = 0;
                }
                if (length > position)
                {
                    using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    fs.Seek(position, SeekOrigin.Begin);
                    byte[] buffer = new byte[length - position];
                    int read = await fs.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
                    position += ParseComplete(buffer.AsSpan(0, read), fresh);
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
            if (!running && fresh.Count == 0)
            {
                yield break;
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

    /// <summary>The last <paramref name="lines"/> lines, where a line is partial records up to a full one.</summary>
    private static IEnumerable<LogEntry> TakeLastLines(List<LogEntry> entries, int lines)
    {
        int count = 0;
        int start = entries.Count;
        for (int i = entries.Count - 1; i >= 0; i--)
        {
            if (entries[i].Data.Span.EndsWith("\n"u8))
            {
                if (count == lines)
                {
                    break;
                }
                count++;
            }
            start = i;
        }
        if (lines == 0)
        {
            return [];
        }
        return entries.Skip(start);
    }
}
