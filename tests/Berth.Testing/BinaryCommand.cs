namespace Berth.Testing;

/// <summary>How to start a program: an executable plus arguments that precede the caller's (e.g. `dotnet berth.dll`).</summary>
public sealed record BinaryCommand(string FileName, IReadOnlyList<string> PrefixArguments);
