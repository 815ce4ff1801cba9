namespace Berth.Daemon.Hosting;

/// <summary>The engine's ID (SystemInfo.ID): generated once, kept in the data root.</summary>
internal static class EngineId
{
    public static string LoadOrCreate(string dataRoot)
    {
        var path = Path.Combine(dataRoot, "engine-id");
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }

        var id = Guid.NewGuid().ToString();
        var temp = path + ".tmp";
        File.WriteAllText(temp, id);
        File.Move(temp, path, overwrite: true);
        return id;
    }
}
