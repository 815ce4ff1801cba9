using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// --ssh as buildx parses it: <c>default|ID[=SOCKET]</c>; without a path, $SSH_AUTH_SOCK. berthd
/// runs on this machine and forwards the agent socket itself, so the path is sent as an absolute
/// path. Key files (BuildKit also accepts *.pem paths) are refused: load them into an agent.
/// </summary>
internal static class BuildSshFlag
{
    public static (string Id, string Socket) Read(string spec)
    {
        var eq = spec.IndexOf('=', StringComparison.Ordinal);
        var id = eq < 0 ? spec : spec[..eq];
        var path = eq < 0 ? "" : spec[(eq + 1)..];
        if (id.Length == 0)
        {
            throw new StatusException($"invalid --ssh value \"{spec}\": missing id");
        }

        if (path.Contains(',', StringComparison.Ordinal))
        {
            throw new StatusException($"--ssh {id}: berth forwards one ssh-agent socket per id, got {path}");
        }

        if (path.Length == 0)
        {
            path = Environment.GetEnvironmentVariable("SSH_AUTH_SOCK") ?? "";
            if (path.Length == 0)
            {
                throw new StatusException("invalid empty ssh agent socket: make sure SSH_AUTH_SOCK is set");
            }
        }

        path = Path.GetFullPath(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new StatusException($"failed to stat {path}: stat {path}: no such file or directory");
        }

        if (info.Length > 0)
        {
            // A socket has no size; anything with content is a key file, which only BuildKit's own agent reads.
            throw new StatusException($"--ssh {id}={path}: berth forwards ssh-agent sockets only; load the key with ssh-add and pass the agent's socket");
        }

        return (id, path);
    }
}
