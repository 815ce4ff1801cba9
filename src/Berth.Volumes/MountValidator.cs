using Berth.Core.Errors;

namespace Berth.Volumes;

/// <summary>Docker's linuxParser.validateMountConfigImpl: same checks, same order, same messages.</summary>
internal static class MountValidator
{
    public static void Validate(MountConfig m, bool validateBindSourceExists)
    {
        if (m.Target.Length == 0)
        {
            throw MountErrors.Config(m.Type, MountErrors.MissingField("Target"));
        }
        if (ContainerPath.Clean(m.Target) == "/")
        {
            throw MountErrors.Config(m.Type, MountErrors.TargetIsRoot);
        }
        if (!ContainerPath.IsAbsolute(m.Target))
        {
            throw MountErrors.Config(m.Type, MountErrors.NotAbsolute(m.Target));
        }
        switch (m.Type)
        {
            case "bind":
                if (m.Source.Length == 0)
                {
                    throw MountErrors.Config(m.Type, MountErrors.MissingField("Source"));
                }
                if (m.Propagation.Length > 0 && !MountModes.IsValidPropagation(m.Propagation))
                {
                    throw MountErrors.Config(m.Type, $"invalid propagation mode: {m.Propagation}");
                }
                if (m.HasVolumeOptions)
                {
                    throw MountErrors.Config(m.Type, MountErrors.ExtraField("VolumeOptions"));
                }
                if (m.HasTmpfsOptions)
                {
                    throw MountErrors.Config(m.Type, MountErrors.ExtraField("TmpfsOptions"));
                }
                if (!ContainerPath.IsAbsolute(m.Source))
                {
                    throw MountErrors.Config(m.Type, MountErrors.NotAbsolute(m.Source));
                }
                if (validateBindSourceExists && !Path.Exists(m.Source))
                {
                    throw MountErrors.Config(m.Type, MountErrors.BindSourceMissing(m.Source));
                }
                break;
            case "volume":
                if (m.HasBindOptions)
                {
                    throw MountErrors.Config(m.Type, MountErrors.ExtraField("BindOptions"));
                }
                if (m.HasTmpfsOptions)
                {
                    throw MountErrors.Config(m.Type, MountErrors.ExtraField("TmpfsOptions"));
                }
                if (m.ReadOnly && m.Source.Length == 0)
                {
                    throw MountErrors.Config(m.Type, "must not set ReadOnly mode when using anonymous volumes");
                }
                break;
            case "tmpfs":
                if (m.HasBindOptions)
                {
                    throw MountErrors.Config(m.Type, MountErrors.ExtraField("BindOptions"));
                }
                if (m.HasVolumeOptions)
                {
                    throw MountErrors.Config(m.Type, MountErrors.ExtraField("VolumeOptions"));
                }
                if (m.Source.Length != 0)
                {
                    throw MountErrors.Config(m.Type, MountErrors.ExtraField("Source"));
                }
                foreach (string o in m.TmpfsExtra)
                {
                    if (o is not ("exec" or "noexec"))
                    {
                        throw MountErrors.Config(m.Type, "invalid option: " + o);
                    }
                }
                break;
            default:
                throw MountErrors.Config(m.Type, "mount type unknown");
        }
    }

    /// <summary>HostConfig.Tmpfs keys (ValidateTmpfsMountDestination): not "/", absolute.</summary>
    public static void ValidateTmpfsDestination(string destination)
    {
        if (ContainerPath.Clean(destination) == "/")
        {
            throw EngineException.InvalidArgument(MountErrors.TargetIsRoot);
        }
        if (!ContainerPath.IsAbsolute(destination))
        {
            throw EngineException.InvalidArgument(MountErrors.NotAbsolute(destination));
        }
    }
}
