using Arch = System.Runtime.InteropServices.Architecture;
using RI = System.Runtime.InteropServices.RuntimeInformation;

namespace Berth.Build.Instructions;

/// <summary>An OCI platform as the TARGET*/BUILD* ARGs expose it.</summary>
public sealed record BuildPlatform(string Os, string Architecture, string Variant = "")
{
    public static BuildPlatform Current { get; } = new("linux", RI.OSArchitecture switch
    {
        Arch.X64 => "amd64",
        Arch.Arm64 => "arm64",
        Arch.Arm => "arm",
        Arch.X86 => "386",
        Arch.S390x => "s390x",
        Arch.Ppc64le => "ppc64le",
        Arch.RiscV64 => "riscv64",
        _ => RI.OSArchitecture.ToString().ToLowerInvariant(),
    }, RI.OSArchitecture == Arch.Arm ? "v7" : "");

    /// <summary>Parses "linux/arm64", "linux/arm/v7".</summary>
    public static BuildPlatform Parse(string value)
    {
        var parts = value.Split('/');
        return parts.Length switch
        {
            2 => new BuildPlatform(parts[0], parts[1]),
            3 => new BuildPlatform(parts[0], parts[1], parts[2]),
            _ => throw new Parsing.DockerfileException($"invalid platform \"{value}\""),
        };
    }

    public override string ToString() =>
        Variant.Length > 0 ? $"{Os}/{Architecture}/{Variant}" : $"{Os}/{Architecture}";
}
