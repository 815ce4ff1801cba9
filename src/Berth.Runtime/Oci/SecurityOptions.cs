using Berth.Core.Errors;

namespace Berth.Runtime.Oci;

/// <summary>
/// Docker's --security-opt values (daemon/oci_linux.go parseSecurityOpt): "seccomp=unconfined",
/// "seccomp=&lt;profile JSON&gt;" (the CLI sends the file's content), "no-new-privileges[=true|false]",
/// and "apparmor=…"/"label=…" which are accepted and ignored (no AppArmor/SELinux here).
/// "key:value" is the legacy spelling of "key=value".
/// </summary>
internal sealed record SecurityOptions(bool SeccompUnconfined, string? SeccompProfileJson, bool NoNewPrivileges)
{
    public static SecurityOptions Parse(IReadOnlyList<string> options)
    {
        bool unconfined = false;
        string? profile = null;
        bool noNewPrivileges = false;
        foreach (string option in options)
        {
            if (option == "no-new-privileges")
            {
                noNewPrivileges = true;
                continue;
            }
            int sep = option.Contains('=') ? option.IndexOf('=') : option.IndexOf(':');
            if (sep < 0)
            {
                throw EngineException.InvalidArgument($"invalid --security-opt 1: \"{option}\"");
            }
            string key = option[..sep];
            string value = option[(sep + 1)..];
            switch (key)
            {
                case "seccomp":
                    unconfined = value == "unconfined";
                    profile = unconfined || value == "builtin" ? null : value;
                    break;
                case "no-new-privileges":
                    noNewPrivileges = value switch
                    {
                        "true" or "1" or "t" or "T" or "TRUE" or "True" => true,
                        "false" or "0" or "f" or "F" or "FALSE" or "False" => false,
                        _ => throw EngineException.InvalidArgument($"invalid --security-opt 2: \"{option}\""),
                    };
                    break;
                case "apparmor" or "label" or "systempaths" or "writable-cgroups":
                    break;
                default:
                    throw EngineException.InvalidArgument($"invalid --security-opt 2: \"{option}\"");
            }
        }
        return new SecurityOptions(unconfined, profile, noNewPrivileges);
    }
}
