namespace Berth.Core.Errors;

/// <summary>
/// The one exception type engine libraries throw for expected failures. Its message is what the
/// user sees verbatim (Docker's wording, e.g. "No such image: busybox:latest").
/// </summary>
public sealed class EngineException : Exception
{
    public EngineException(ErrorKind kind, string message, Exception? inner = null)
        : base(message, inner) => Kind = kind;

    public ErrorKind Kind { get; }

    public static EngineException NotFound(string message) => new(ErrorKind.NotFound, message);
    public static EngineException Conflict(string message) => new(ErrorKind.Conflict, message);
    public static EngineException InvalidArgument(string message) => new(ErrorKind.InvalidArgument, message);
    public static EngineException Forbidden(string message) => new(ErrorKind.Forbidden, message);
    public static EngineException NotModified(string message) => new(ErrorKind.NotModified, message);
    public static EngineException Internal(string message, Exception? inner = null) => new(ErrorKind.Internal, message, inner);
}
