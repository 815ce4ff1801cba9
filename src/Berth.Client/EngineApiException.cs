namespace Berth.Client;

/// <summary>An error answer (4xx/5xx) from the engine; <see cref="Exception.Message"/> is the daemon's "message".</summary>
public sealed class EngineApiException : Exception
{
    public EngineApiException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public int StatusCode { get; }
}
