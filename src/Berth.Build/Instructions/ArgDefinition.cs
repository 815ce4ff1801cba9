namespace Berth.Build.Instructions;

/// <summary>One name of an ARG line; <see cref="DefaultValue"/> is null when no '=' was given.</summary>
public sealed record ArgDefinition(string Key, string? DefaultValue);
