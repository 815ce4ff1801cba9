using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Core.Errors;

namespace Berth.Runtime.Oci.Seccomp;

/// <summary>
/// Turns a profile in moby's seccomp format (profiles/seccomp/default.json: archMap, and syscall
/// rules with includes/excludes on arches, capabilities and kernel version) into the OCI
/// linux.seccomp object for one container, as moby's profiles/seccomp setupSeccomp does: the arch
/// map entry of the host architecture, and only the rules whose conditions the container's
/// bounding capability set, the host arch and kernel meet.
/// </summary>
internal static class SeccompProfile
{
    private const string DefaultResource = "Berth.Runtime.Oci.Seccomp.default.json";
    private static readonly Lazy<JsonObject> DefaultProfile = new(LoadDefault);

    /// <summary>Docker's default profile for a container with these (bounding) capabilities.</summary>
    public static JsonObject Default(IReadOnlyCollection<string> capabilities) =>
        Build(DefaultProfile.Value, capabilities, HostArchitecture(), Environment.OSVersion.Version, DeadSubArchitectures());

    /// <summary>A user-supplied profile (--security-opt seccomp=&lt;json&gt;).</summary>
    public static JsonObject Custom(string json, IReadOnlyCollection<string> capabilities)
    {
        JsonObject profile;
        try
        {
            profile = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            throw EngineException.InvalidArgument("Decoding seccomp profile failed: " + e.Message);
        }
        return Build(profile, capabilities, HostArchitecture(), Environment.OSVersion.Version, DeadSubArchitectures());
    }

    /// <summary>
    /// Sub-architectures whose syscalls this kernel rejects itself (x32 on most kernels). runc
    /// compiles the filter for every listed arch on each container start, and the x32 section alone
    /// costs ≈ 3 ms of CPU there; leaving out an ABI the kernel refuses changes nothing a process can do.
    /// </summary>
    private static string[] DeadSubArchitectures() => Berth.Linux.KernelAbi.SupportsX32 ? [] : ["SCMP_ARCH_X32"];

    /// <summary>The evaluation itself; <paramref name="goArch"/> is Go's name ("amd64", "arm64").</summary>
    public static JsonObject Build(JsonObject profile, IReadOnlyCollection<string> capabilities, string goArch, Version kernel,
        IReadOnlyCollection<string>? unsupportedSubArchitectures = null)
    {
        var result = new JsonObject { ["defaultAction"] = profile["defaultAction"]?.DeepClone() ?? "SCMP_ACT_ALLOW" };
        if (profile["defaultErrnoRet"] is { } errno)
        {
            result["defaultErrnoRet"] = errno.DeepClone();
        }
        string scmpArch = ScmpArch(goArch);
        var architectures = new JsonArray();
        if (profile["archMap"] is JsonArray archMap)
        {
            foreach (JsonNode? entry in archMap)
            {
                if ((string?)entry?["architecture"] != scmpArch)
                {
                    continue;
                }
                architectures.Add((JsonNode)scmpArch);
                foreach (string sub in Strings(entry!["subArchitectures"]))
                {
                    if (unsupportedSubArchitectures?.Contains(sub) == true)
                    {
                        continue;
                    }
                    architectures.Add((JsonNode)sub);
                }
            }
        }
        else if (profile["architectures"] is JsonArray plain)
        {
            architectures = (JsonArray)plain.DeepClone();
        }
        result["architectures"] = architectures;

        var syscalls = new JsonArray();
        foreach (JsonNode? rule in profile["syscalls"] as JsonArray ?? [])
        {
            if (rule is JsonObject r && Applies(r, capabilities, goArch, kernel))
            {
                var names = Strings(r["names"]).ToList();
                if (r["name"] is JsonValue single && (string?)single is { Length: > 0 } n)
                {
                    names.Add(n);
                }
                var call = new JsonObject
                {
                    ["names"] = new JsonArray(names.Select(x => (JsonNode?)x).ToArray()),
                    ["action"] = r["action"]?.DeepClone(),
                };
                if (r["errnoRet"] is { } ret)
                {
                    call["errnoRet"] = ret.DeepClone();
                }
                if (r["args"] is JsonArray args && args.Count > 0)
                {
                    call["args"] = args.DeepClone();
                }
                syscalls.Add((JsonNode)call);
            }
        }
        result["syscalls"] = syscalls;
        return result;
    }

    private static bool Applies(JsonObject rule, IReadOnlyCollection<string> caps, string arch, Version kernel)
    {
        if (rule["excludes"] is JsonObject ex)
        {
            if (Strings(ex["arches"]).Contains(arch) || Strings(ex["caps"]).Any(caps.Contains)
                || (ex["minKernel"] is { } min && kernel >= ParseKernel((string?)min)))
            {
                return false;
            }
        }
        if (rule["includes"] is JsonObject inc)
        {
            var arches = Strings(inc["arches"]).ToList();
            if ((arches.Count > 0 && !arches.Contains(arch)) || !Strings(inc["caps"]).All(caps.Contains)
                || (inc["minKernel"] is { } min && kernel < ParseKernel((string?)min)))
            {
                return false;
            }
        }
        return true;
    }

    private static Version ParseKernel(string? text) =>
        Version.TryParse(text, out Version? v) ? v : throw EngineException.InvalidArgument($"invalid kernel version in seccomp profile: {text}");

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(x => (string?)x).Where(x => x is not null).Select(x => x!) : [];

    private static string HostArchitecture() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.X86 => "386",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        _ => "unknown",
    };

    /// <summary>moby's arch-to-libseccomp table (profiles/seccomp/seccomp_linux.go nativeToSeccomp).</summary>
    private static string ScmpArch(string goArch) => goArch switch
    {
        "amd64" => "SCMP_ARCH_X86_64",
        "386" => "SCMP_ARCH_X86",
        "arm64" => "SCMP_ARCH_AARCH64",
        "arm" => "SCMP_ARCH_ARM",
        "s390x" => "SCMP_ARCH_S390X",
        "ppc64le" => "SCMP_ARCH_PPC64LE",
        "riscv64" => "SCMP_ARCH_RISCV64",
        _ => "SCMP_ARCH_NATIVE",
    };

    private static JsonObject LoadDefault()
    {
        using Stream stream = typeof(SeccompProfile).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException("embedded seccomp profile missing: " + DefaultResource);
        return (JsonObject)JsonNode.Parse(stream)!;
    }
}
