using System.Text;
using Berth.Core.Errors;

namespace Berth.Build.Execution;

/// <summary>
/// RUN --mount=type=secret,env=NAME without the value ever reaching the container's stored
/// configuration (its config and OCI bundle live on disk): the RUN's command is started through a
/// small /bin/sh script, kept on the secret tmpfs and bind-mounted under the container's /dev
/// (a tmpfs, so no mount point lands in the layer), that exports the values and execs the command.
/// </summary>
internal static class SecretEnvWrapper
{
    /// <summary>Where the RUN container sees the script.</summary>
    public const string ContainerPath = "/dev/.berth-secret-env";

    /// <summary>The script as bytes (secrets need not be UTF-8); values are single-quoted, so any byte but NUL survives exactly.</summary>
    public static byte[] Script(IReadOnlyList<(string Name, byte[] Value)> variables)
    {
        var script = new MemoryStream();
        Write(script, "#!/bin/sh\n");
        foreach (var (name, value) in variables)
        {
            if (!IsName(name))
            {
                throw EngineException.InvalidArgument($"invalid secret env name {name}: not a valid environment variable name");
            }

            if (value.AsSpan().Contains((byte)0))
            {
                throw EngineException.InvalidArgument($"secret for env {name} contains a NUL byte and cannot be an environment variable");
            }

            Write(script, "export " + name + "='");
            foreach (var b in value)
            {
                if (b == (byte)'\'')
                {
                    Write(script, "'\\''");
                }
                else
                {
                    script.WriteByte(b);
                }
            }

            Write(script, "'\n");
        }

        Write(script, "exec \"$@\"\n");
        return script.ToArray();
    }

    private static void Write(MemoryStream stream, string ascii) => stream.Write(Encoding.ASCII.GetBytes(ascii));

    private static bool IsName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
