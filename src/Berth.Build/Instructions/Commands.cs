using Berth.Build.Parsing;

namespace Berth.Build.Instructions;

// The instruction records are tiny data carriers; they live together so the model reads as one page.

/// <summary>FROM: starts a stage. <see cref="BaseName"/> may contain ARG references (global scope).</summary>
public sealed record FromInstruction : Instruction
{
    public required string BaseName { get; init; }

    /// <summary>Lower-cased AS name, or "".</summary>
    public string StageName { get; init; } = "";

    /// <summary>The name exactly as written after AS (for casing checks).</summary>
    public string OriginalStageName { get; init; } = "";

    public string Platform { get; init; } = "";
}

/// <summary>RUN, CMD and ENTRYPOINT share this shape: shell form gets the stage's SHELL prepended.</summary>
public abstract record ShellDependentInstruction : Instruction
{
    /// <summary>Exec-form array, or a single element holding the shell-form command text.</summary>
    public IReadOnlyList<string> CommandLine { get; init; } = [];

    /// <summary>True for shell form (run via the SHELL, default <c>/bin/sh -c</c>).</summary>
    public bool PrependShell { get; init; }

    /// <summary>Heredoc bodies of a RUN (raw content; see <see cref="Heredoc.ChompedContent"/>).</summary>
    public IReadOnlyList<Heredoc> Heredocs { get; init; } = [];
}

public sealed record RunInstruction : ShellDependentInstruction
{
    /// <summary>Mounts parsed with literal values; re-parse <see cref="MountSpecs"/> with expansion at build time.</summary>
    public IReadOnlyList<RunMount> Mounts { get; init; } = [];

    /// <summary>The raw <c>--mount</c> values, in order.</summary>
    public IReadOnlyList<string> MountSpecs { get; init; } = [];

    /// <summary>"default", "none" or "host".</summary>
    public string Network { get; init; } = "default";

    /// <summary>"sandbox" or "insecure".</summary>
    public string Security { get; init; } = "sandbox";
}

public sealed record CmdInstruction : ShellDependentInstruction;

public sealed record EntrypointInstruction : ShellDependentInstruction;

public sealed record ShellInstruction : Instruction
{
    public required IReadOnlyList<string> Shell { get; init; }
}

public sealed record LabelInstruction : Instruction
{
    public required IReadOnlyList<KeyValue> Labels { get; init; }
}

public sealed record EnvInstruction : Instruction
{
    public required IReadOnlyList<KeyValue> Env { get; init; }
}

public sealed record MaintainerInstruction : Instruction
{
    public required string Maintainer { get; init; }
}

public sealed record ExposeInstruction : Instruction
{
    /// <summary>Port specs as written (sorted like BuildKit), e.g. "80/tcp", "8000-8010".</summary>
    public required IReadOnlyList<string> Ports { get; init; }
}

/// <summary>Common part of COPY and ADD.</summary>
public abstract record FileInstruction : Instruction
{
    public IReadOnlyList<string> Sources { get; init; } = [];

    public IReadOnlyList<SourceContent> SourceContents { get; init; } = [];

    public required string Destination { get; init; }

    public string Chown { get; init; } = "";

    public string Chmod { get; init; } = "";

    public bool Link { get; init; }

    public IReadOnlyList<string> Excludes { get; init; } = [];

    /// <summary>True when the sources/destination came from a JSON array.</summary>
    public bool IsJson { get; init; }
}

public sealed record CopyInstruction : FileInstruction
{
    /// <summary>Stage name, stage index or image reference; "" for the build context.</summary>
    public string From { get; init; } = "";

    public bool Parents { get; init; }
}

public sealed record AddInstruction : FileInstruction
{
    public string Checksum { get; init; } = "";

    /// <summary>Null when not given (BuildKit's default then applies).</summary>
    public bool? KeepGitDir { get; init; }

    /// <summary>Null when not given: archives from the context are unpacked, URLs are not.</summary>
    public bool? Unpack { get; init; }
}

public sealed record VolumeInstruction : Instruction
{
    public required IReadOnlyList<string> Volumes { get; init; }
}

public sealed record UserInstruction : Instruction
{
    public required string User { get; init; }
}

public sealed record WorkdirInstruction : Instruction
{
    public required string Path { get; init; }
}

/// <summary>ONBUILD: <see cref="Expression"/> is stored in the image; <see cref="Trigger"/> is its parse.</summary>
public sealed record OnbuildInstruction : Instruction
{
    public required string Expression { get; init; }

    public required Instruction Trigger { get; init; }
}

public sealed record StopSignalInstruction : Instruction
{
    public required string Signal { get; init; }
}

public sealed record HealthcheckInstruction : Instruction
{
    public required HealthConfig Health { get; init; }
}

public sealed record ArgInstruction : Instruction
{
    public required IReadOnlyList<ArgDefinition> Args { get; init; }
}
