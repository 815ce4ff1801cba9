using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>
/// docker's pattern for stop/kill/rm/pause...: act on each name in turn, print the name as given
/// on success, collect daemon errors and report them together with exit 1.
/// </summary>
internal static class ContainerBatch
{
    public static async Task<int> RunAsync(CommandContext context, IEnumerable<string> names, Func<string, Task> action, Func<List<string>, string?>? summary = null)
    {
        var errors = new List<string>();
        var failed = new List<string>();
        foreach (var name in names)
        {
            try
            {
                await action(name).ConfigureAwait(false);
                context.Out.Write(name + "\n");
            }
            catch (EngineApiException ex)
            {
                errors.Add("Error response from daemon: " + ex.Message);
                failed.Add(name);
            }
        }

        if (errors.Count == 0)
        {
            return 0;
        }

        if (summary?.Invoke(failed) is { } last)
        {
            errors.Add(last);
        }

        throw new StatusException(string.Join("\n", errors));
    }

    public static string Path(string name, string action = "") => $"/containers/{Uri.EscapeDataString(name)}{(action.Length > 0 ? "/" + action : string.Empty)}";
}
