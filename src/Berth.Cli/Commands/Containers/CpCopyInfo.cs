namespace Berth.Cli.Commands.Containers;

/// <summary>docker's archive.CopyInfo: one side of a copy, as far as it is known.</summary>
internal sealed record CpCopyInfo(string Path, bool Exists = false, bool IsDir = false, string RebaseName = "");
