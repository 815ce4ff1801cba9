using Berth.Core.Containers;

namespace Berth.Build.Execution;

/// <summary>
/// Read access to the files of the image a step builds on: what COPY, ADD and WORKDIR need to know
/// (does the destination exist, is it a directory, who are the users in /etc/passwd).
/// </summary>
internal interface IImageFiles
{
    /// <summary>The lstat of a path (following a final symlink when it ends in "/"), or null when missing.</summary>
    Task<PathStat?> StatAsync(string path, CancellationToken cancellationToken);

    /// <summary>A small text file of the image (/etc/passwd), or null when missing.</summary>
    Task<string?> ReadTextAsync(string path, CancellationToken cancellationToken);
}
