namespace Berth.Daemon.Options;

/// <summary>A bad command line or configuration: printed as-is, exit code 1.</summary>
internal sealed class UsageException(string message) : Exception(message);
