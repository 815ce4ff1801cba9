using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands;

/// <summary>
/// docker's command.PromptForConfirmation for the prune commands: the warning on stdout, then one
/// line of stdin; only "y"/"Y" goes on. A declined prompt is docker 28's cancellation: the caller
/// prints nothing more and exits 0.
/// </summary>
internal static class PromptConfirmation
{
    public static async Task<bool> ConfirmAsync(CommandContext context, string prompt, CancellationToken cancellationToken)
    {
        context.Out.Write(prompt);
        context.Out.Flush();
        using var reader = new StreamReader(context.In, leaveOpen: true);
        var answer = (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.Trim();
        return answer is "y" or "Y";
    }
}
