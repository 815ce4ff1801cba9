namespace Berth.Build.Instructions;

/// <summary>
/// The implicit values of secret and ssh mounts, as BuildKit's Dockerfile frontend fills them in
/// (dockerfile2llb convert_secrets.go / convert_ssh.go and llb's exec op).
/// </summary>
public static class MountDefaults
{
    public const string SshId = "default";

    /// <summary>id=, else source= (an alias), else the base name of the target.</summary>
    public static string SecretId(RunMount mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        return mount.Id.Length > 0 ? mount.Id : mount.Source.Length > 0 ? mount.Source : BaseName(mount.Target);
    }

    /// <summary>target=, else /run/secrets/&lt;id&gt; unless the secret only goes to env=; null means no file.</summary>
    public static string? SecretTarget(RunMount mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        if (mount.Target.Length > 0)
        {
            return mount.Target;
        }

        return mount.Env.Length > 0 ? null : "/run/secrets/" + BaseName(SecretId(mount));
    }

    public static string SshMountId(RunMount mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        return mount.Id.Length > 0 ? mount.Id : SshId;
    }

    /// <summary>target=, else /run/buildkit/ssh_agent.N where N counts the ssh mounts of the RUN from 0.</summary>
    public static string SshTarget(RunMount mount, int index)
    {
        ArgumentNullException.ThrowIfNull(mount);
        return mount.Target.Length > 0 ? mount.Target : $"/run/buildkit/ssh_agent.{index}";
    }

    /// <summary>Go's path.Base: the last element, trailing slashes ignored; "" gives ".", "/" gives "/".</summary>
    public static string BaseName(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return "/";
        }

        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }
}
