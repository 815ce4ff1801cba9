using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>docker's withHelp/toStatusError for run and create: "berth: ERR\n\nRun '... --help'", 125/126/127.</summary>
internal static class RunErrors
{
    public static StatusException WithHelp(string commandPath, string message, int exitCode = 125) =>
        new($"berth: {message}\n\nRun '{commandPath} --help' for more information", exitCode);

    public static StatusException FromDaemon(string commandPath, EngineApiException ex) =>
        WithHelp(commandPath, "Error response from daemon: " + ex.Message, ExitCodeFor(ex.Message));

    /// <summary>127 when the command is missing, 126 when it cannot be run, else 125.</summary>
    public static int ExitCodeFor(string message)
    {
        if (message.Contains("executable file not found", StringComparison.Ordinal) || message.Contains("no such file or directory", StringComparison.Ordinal))
        {
            return 127;
        }

        if (message.Contains("permission denied", StringComparison.Ordinal) || message.Contains("is a directory", StringComparison.Ordinal))
        {
            return 126;
        }

        return 125;
    }
}
