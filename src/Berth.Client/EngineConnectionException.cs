namespace Berth.Client;

/// <summary>The daemon socket could not be reached; the message uses docker's wording.</summary>
public sealed class EngineConnectionException : Exception
{
    public EngineConnectionException(string host, Exception? inner = null)
        : base($"Cannot connect to the Berth daemon at {host}. Is the berth daemon running?", inner)
    {
        Host = host;
    }

    public string Host { get; }
}
