namespace Berth.Cli.Infrastructure;

/// <summary>An error whose message is printed as is (docker's cli.StatusError).</summary>
internal sealed class StatusException : Exception
{
    public StatusException(string message, int exitCode = 1)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
