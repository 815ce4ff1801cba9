using Berth.Core.Errors;

namespace Berth.Volumes;

/// <summary>`-v` / HostConfig.Binds and `--volumes-from` strings, as Docker's linuxParser parses them.</summary>
internal static class BindSpecParser
{
    /// <summary>ParseMountRaw: "dst", "src:dst", "src:dst:mode". An absolute src is a bind, anything else a volume name.</summary>
    public static (MountConfig Config, string Mode) Parse(string raw, string? volumeDriver)
    {
        string[] arr = raw.Split(':', 4);
        if (arr[0].Length == 0)
        {
            throw MountErrors.InvalidSpec(raw);
        }
        string source = "", target, mode = "";
        switch (arr.Length)
        {
            case 1:
                target = arr[0];
                break;
            case 2:
                if (MountModes.IsValid(arr[1]))
                {
                    // "/foo:rw" is a destination with a mode: volumes cannot have one.
                    throw MountErrors.InvalidSpec(raw);
                }
                source = arr[0];
                target = arr[1];
                break;
            case 3:
                source = arr[0];
                target = arr[1];
                mode = arr[2];
                break;
            default:
                throw MountErrors.InvalidSpec(raw);
        }
        if (!MountModes.IsValid(mode))
        {
            throw MountErrors.InvalidMode(mode);
        }
        string type = ContainerPath.IsAbsolute(source) ? "bind" : "volume";
        string? propagation = MountModes.Propagation(mode);
        var config = new MountConfig
        {
            Type = type,
            Source = source,
            Target = target,
            ReadOnly = !MountModes.IsReadWrite(mode),
            HasBindOptions = propagation is not null,
            Propagation = propagation ?? "",
            HasVolumeOptions = MountModes.HasNoCopy(mode) || (type == "volume" && !string.IsNullOrEmpty(volumeDriver)),
            NoCopy = MountModes.HasNoCopy(mode),
            Driver = type == "volume" && !string.IsNullOrEmpty(volumeDriver) ? volumeDriver : null,
        };
        try
        {
            MountValidator.Validate(config, validateBindSourceExists: false);
        }
        catch (EngineException e)
        {
            throw EngineException.InvalidArgument($"invalid volume specification: '{raw}': {e.Message}");
        }
        return (config, mode);
    }

    /// <summary>ParseVolumesFrom: "container[:mode]" where mode may only be rw/ro (and z/Z, consistency).</summary>
    public static (string Container, string Mode) ParseVolumesFrom(string spec)
    {
        if (spec.Length == 0)
        {
            throw EngineException.InvalidArgument("volumes-from specification cannot be an empty string");
        }
        int colon = spec.IndexOf(':');
        string id = colon < 0 ? spec : spec[..colon];
        string mode = colon < 0 ? "" : spec[(colon + 1)..];
        if (mode.Length == 0)
        {
            return (id, "rw");
        }
        if (!MountModes.IsValid(mode) || MountModes.Propagation(mode) is not null || MountModes.HasNoCopy(mode))
        {
            throw MountErrors.InvalidMode(mode);
        }
        return (id, mode);
    }
}
