using System.Text.Json;

namespace Berth.Runtime.State;

/// <summary>
/// One JSON file per container (containers/&lt;id&gt;/config.v2.json), written temp+rename so a crash
/// leaves the old or the new version; fsynced first unless it records only a run-state change. Chosen over SQLite so a container's state lives and dies
/// with its directory: `rm` is one recursive delete and nothing can dangle.
/// </summary>
internal sealed class ContainerStore(string containersDir)
{
    private const string FileName = "config.v2.json";

    public string ContainersDir { get; } = containersDir;

    public string DirectoryOf(string id) => Path.Combine(ContainersDir, id);

    public void Save(ContainerRecord record) => Write(record, durable: true);

    /// <summary>
    /// A run-state change (running, exited, restarting): still atomic, so a killed daemon finds the
    /// old or the new record whole, but not fsynced, which under write load can cost tens of
    /// milliseconds on every start and exit. Only a power loss can lose it, and a reboot ends every
    /// run anyway; reconciliation at start-up then marks the container exited.
    /// </summary>
    public void SaveRunState(ContainerRecord record) => Write(record, durable: false);

    private void Write(ContainerRecord record, bool durable)
    {
        string dir = DirectoryOf(record.Id);
        Directory.CreateDirectory(dir);
        string target = Path.Combine(dir, FileName);
        string temp = target + ".tmp";
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(record, RuntimeJsonContext.Default.ContainerRecord);
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(json);
            stream.Flush(flushToDisk: durable);
        }
        File.Move(temp, target, overwrite: true);
    }

    /// <summary>Every readable record; unreadable ones are returned as paths so the caller can log them.</summary>
    public (List<ContainerRecord> Records, List<string> Broken) LoadAll()
    {
        var records = new List<ContainerRecord>();
        var broken = new List<string>();
        if (!Directory.Exists(ContainersDir))
        {
            return (records, broken);
        }
        foreach (string dir in Directory.EnumerateDirectories(ContainersDir))
        {
            string file = Path.Combine(dir, FileName);
            try
            {
                var record = JsonSerializer.Deserialize(File.ReadAllBytes(file), RuntimeJsonContext.Default.ContainerRecord);
                if (record is not null && record.Id == Path.GetFileName(dir))
                {
                    records.Add(record);
                    continue;
                }
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
            }
            broken.Add(dir);
        }
        return (records, broken);
    }
}
