namespace Berth.Cli.Infrastructure;

/// <summary>
/// What a command accepts. <see cref="Arguments"/> follows the command path in the usage line
/// ("[OPTIONS] IMAGE [IMAGE...]"). <see cref="Interspersed"/> false stops flag parsing at the
/// first positional argument (run/exec take a command line).
/// </summary>
internal sealed record CommandSpec(string Arguments, string Description, IReadOnlyList<FlagSpec> Flags)
{
    public int MinArgs { get; init; }

    public int MaxArgs { get; init; } = int.MaxValue;

    public bool Interspersed { get; init; } = true;

    /// <summary>cobra's Long text for the command's own --help; <see cref="Description"/> stays the one line command lists show.</summary>
    public string? LongDescription { get; init; }

    /// <summary>docker's "Aliases:" help line, e.g. "docker image ls, docker images".</summary>
    public string? Aliases { get; init; }
}
