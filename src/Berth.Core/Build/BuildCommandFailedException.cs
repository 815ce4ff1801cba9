namespace Berth.Core.Build;

/// <summary>A RUN step exited non-zero: "The command '/bin/sh -c false' returned a non-zero code: 1".
/// The API reports <see cref="ExitCode"/> as errorDetail.code, which the docker CLI exits with.</summary>
public sealed class BuildCommandFailedException(string command, int exitCode)
    : Exception($"The command '{command}' returned a non-zero code: {exitCode}")
{
    public int ExitCode { get; } = exitCode;
}
