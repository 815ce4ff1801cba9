namespace Berth.Runtime.Oci;

/// <summary>Docker's process environment: defaults (PATH, HOSTNAME, TERM with a tty) overridden or extended by the config's entries.</summary>
internal static class EnvironmentBuilder
{
    public const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static List<string> Build(string hostname, bool tty, IReadOnlyList<string> configEnv)
    {
        var defaults = new List<string>();
        if (!configEnv.Any(e => Key(e) == "PATH"))
        {
            defaults.Add(DefaultPath);
        }
        defaults.Add("HOSTNAME=" + hostname);
        if (tty)
        {
            defaults.Add("TERM=xterm");
        }
        return Merge(defaults, configEnv);
    }

    /// <summary>moby's ReplaceOrAppendEnvValues: later entries replace same-key earlier ones in place;
    /// a bare "KEY" (no '=') removes the key.</summary>
    public static List<string> Merge(IReadOnlyList<string> defaults, IReadOnlyList<string> overrides)
    {
        var result = new List<string>(defaults);
        foreach (string entry in overrides)
        {
            string key = Key(entry);
            int index = result.FindIndex(e => Key(e) == key);
            if (!entry.Contains('='))
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }
                continue;
            }
            if (index >= 0)
            {
                result[index] = entry;
            }
            else
            {
                result.Add(entry);
            }
        }
        return result;
    }

    private static string Key(string entry)
    {
        int eq = entry.IndexOf('=');
        return eq < 0 ? entry : entry[..eq];
    }
}
