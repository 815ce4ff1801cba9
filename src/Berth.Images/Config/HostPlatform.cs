using System.Runtime.InteropServices;
using Berth.Core.Errors;

namespace Berth.Images.Config;

/// <summary>OCI platform names (GOOS/GOARCH spelling) for the host and for "os/arch[/variant]" strings.</summary>
internal static class HostPlatform
{
    public static string Architecture => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        System.Runtime.InteropServices.Architecture.RiscV64 => "riscv64",
        System.Runtime.InteropServices.Architecture.LoongArch64 => "loong64",
        var other => other.ToString().ToLowerInvariant(),
    };

    public static (string Os, string Architecture, string? Variant) Parse(string? platform)
    {
        if (string.IsNullOrWhiteSpace(platform))
        {
            return ("linux", Architecture, null);
        }

        var parts = platform.ToLowerInvariant().Split('/');
        if (parts.Length > 3 || parts.Any(p => p.Length == 0))
        {
            throw EngineException.InvalidArgument($"\"{platform}\": unknown operating system or architecture: invalid argument");
        }

        if (parts[0] != "linux")
        {
            throw EngineException.InvalidArgument($"operating system is not supported: {parts[0]}");
        }

        return (parts[0], parts.Length > 1 ? parts[1] : Architecture, parts.Length > 2 ? parts[2] : null);
    }
}
