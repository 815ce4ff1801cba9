using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// --secret as buildx parses it: <c>id=ID[,type=file|env][,src=PATH|source=PATH][,env=VAR]</c>.
/// With neither src nor env, an environment variable named like the id wins, else a file named
/// like the id (BuildKit's secretsprovider rule). Values are read here, on the client, and a file
/// over BuildKit's 500 KB limit is refused.
/// </summary>
internal static class BuildSecretFlag
{
    private const long MaxSecretSize = 500 * 1024;

    public static (string Id, byte[] Value) Read(string spec)
    {
        string id = "", file = "", env = "", type = "";
        foreach (var field in spec.Split(','))
        {
            var eq = field.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new StatusException($"invalid field '{field}' must be a key=value pair");
            }

            var key = field[..eq].ToLowerInvariant();
            var value = field[(eq + 1)..];
            switch (key)
            {
                case "type":
                    if (value is not ("file" or "env"))
                    {
                        throw new StatusException($"unsupported secret type \"{value}\"");
                    }

                    type = value;
                    break;
                case "id":
                    id = value;
                    break;
                case "source" or "src":
                    file = value;
                    break;
                case "env":
                    env = value;
                    break;
                default:
                    throw new StatusException($"unexpected key '{key}' in '{field}'");
            }
        }

        if (type == "env" && env.Length == 0)
        {
            (env, file) = (file, "");
        }

        if (id.Length == 0)
        {
            throw new StatusException("secret missing ID");
        }

        if (env.Length == 0 && file.Length == 0)
        {
            if (type != "file" && Environment.GetEnvironmentVariable(id) is not null)
            {
                env = id;
            }
            else
            {
                file = id;
            }
        }

        if (env.Length > 0)
        {
            // BuildKit sends an unset variable as an empty secret.
            return (id, global::System.Text.Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable(env) ?? ""));
        }

        var info = new FileInfo(file);
        if (!info.Exists)
        {
            throw new StatusException($"failed to stat {file}: stat {file}: no such file or directory");
        }

        if (info.Length > MaxSecretSize)
        {
            throw new StatusException($"secret {id} too big. max size 500KB");
        }

        return (id, File.ReadAllBytes(file));
    }
}
