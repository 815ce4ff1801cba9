namespace Berth.Build.Instructions;

/// <summary>An ENV/LABEL pair. <see cref="NoDelimiter"/> marks the legacy <c>ENV key value</c> form.</summary>
public sealed record KeyValue(string Key, string Value, bool NoDelimiter = false);
