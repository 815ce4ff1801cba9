namespace Berth.Cli.Infrastructure;

/// <summary>Bad flags or arguments; printed with the usage line. Flag errors exit 125, argument-count errors 1, like docker.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
