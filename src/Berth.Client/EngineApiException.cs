namespace Berth.Client;

/// <summary>A non-2xx answer from the engine; <see cref="Exception.Message"/> is the daemon's "message".</summary>
public sealed class EngineApiException : Exception
{
    public EngineApiException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public int StatusCode { get; }
}
