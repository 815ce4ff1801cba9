namespace Berth.Cli.Commands.Containers;

/// <summary>Which streams a session attaches, and how it behaves on a terminal.</summary>
internal sealed record AttachOptions(bool Tty, bool Stdin, bool Stdout, bool Stderr, string? DetachKeys, bool SigProxy);
