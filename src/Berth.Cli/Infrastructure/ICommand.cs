namespace Berth.Cli.Infrastructure;

/// <summary>A CLI command: flags are parsed against <see cref="Spec"/>, then <see cref="RunAsync"/> returns the exit code.</summary>
internal interface ICommand
{
    CommandSpec Spec { get; }

    Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken);
}
