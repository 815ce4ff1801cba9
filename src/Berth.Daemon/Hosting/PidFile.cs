using System.Globalization;
using Berth.Daemon.Options;

namespace Berth.Daemon.Hosting;

/// <summary>berthd's pid file: refuses to start over a live daemon, removed on exit.</summary>
internal sealed class PidFile : IDisposable
{
    private readonly string _path;

    private PidFile(string path) => _path = path;

    public static PidFile Create(string path)
    {
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).Trim();
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId
                && Directory.Exists($"/proc/{pid}"))
            {
                throw new UsageException($"pid file found, ensure berthd is not running or delete {path}");
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new PidFile(path);
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
            // Nothing more to do on the way out.
        }
    }
}
