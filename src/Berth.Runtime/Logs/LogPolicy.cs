using System.Globalization;
using Berth.Core.Containers;
using Berth.Core.Errors;

namespace Berth.Runtime.Logs;

/// <summary>
/// Docker's json-file --log-opt max-size/max-file. With max-file 1 conmon's own --log-size-max
/// does the job (it starts the file over, as json-file does with one file). With more files the
/// daemon rotates: it renames ctr.log to ctr.log.1 (shifting older ones, dropping the oldest) and
/// tells conmon to reopen its log through the ctl fifo. The daemon checks sizes on its exit-poll
/// tick, so a file can pass max-size by what the container writes within one tick. conmon gets no
/// --log-size-max then: its byte counter is not reset by a ctl-fifo reopen, so any cap would
/// eventually discard a live file. Consequence: while the daemon is down, ctr.log grows unbounded
/// until the daemon is back and rotates it.
/// </summary>
internal sealed record LogPolicy(long MaxSize, int MaxFile)
{
    public static LogPolicy Parse(LogConfig config)
    {
        long maxSize = config.Config.TryGetValue("max-size", out string? size) ? ParseSize(size) : 0;
        int maxFile = 1;
        if (config.Config.TryGetValue("max-file", out string? files))
        {
            if (!int.TryParse(files, NumberStyles.None, CultureInfo.InvariantCulture, out maxFile))
            {
                throw EngineException.InvalidArgument($"strconv.Atoi: parsing \"{files}\": invalid syntax");
            }
            if (maxFile < 1)
            {
                throw EngineException.InvalidArgument("max-file cannot be less than 1");
            }
            if (maxFile > 1 && maxSize <= 0)
            {
                throw EngineException.InvalidArgument("max-file cannot be set when max-size is not set");
            }
        }
        return new LogPolicy(maxSize, maxFile);
    }

    /// <summary>True when the daemon, not conmon, keeps the size in check.</summary>
    public bool DaemonRotates => MaxSize > 0 && MaxFile > 1;

    /// <summary>conmon's --log-size-max (0 = none).</summary>
    public long ConmonLimit => DaemonRotates ? 0 : MaxSize;

    /// <summary>The log files of a container, oldest first, the live one last.</summary>
    public static IReadOnlyList<string> Files(string logPath)
    {
        var files = new List<string>();
        for (int i = 1; File.Exists(logPath + "." + i.ToString(CultureInfo.InvariantCulture)); i++)
        {
            files.Insert(0, logPath + "." + i.ToString(CultureInfo.InvariantCulture));
        }
        files.Add(logPath);
        return files;
    }

    /// <summary>ctr.log.(n-1) is dropped, ctr.log.i becomes ctr.log.(i+1), ctr.log becomes ctr.log.1.
    /// The caller then makes conmon reopen ctr.log.</summary>
    public void Rotate(string logPath)
    {
        string Name(int i) => i == 0 ? logPath : logPath + "." + i.ToString(CultureInfo.InvariantCulture);
        File.Delete(Name(MaxFile - 1));
        for (int i = MaxFile - 2; i >= 0; i--)
        {
            if (File.Exists(Name(i)))
            {
                File.Move(Name(i), Name(i + 1), overwrite: true);
            }
        }
    }

    /// <summary>Docker's max-size: "10m", "1g", "512k", plain bytes (go-units RAMInBytes: binary units).</summary>
    private static long ParseSize(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        long multiplier = 1;
        if (t.EndsWith('b'))
        {
            t = t[..^1];
        }
        if (t.Length > 0 && char.IsLetter(t[^1]))
        {
            multiplier = t[^1] switch
            {
                'k' => 1024,
                'm' => 1024 * 1024,
                'g' => 1024 * 1024 * 1024,
                't' => 1024L * 1024 * 1024 * 1024,
                _ => throw EngineException.InvalidArgument($"invalid size: '{text}'"),
            };
            t = t[..^1];
        }
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= 0
            ? (long)(v * multiplier)
            : throw EngineException.InvalidArgument($"invalid size: '{text}'");
    }
}
