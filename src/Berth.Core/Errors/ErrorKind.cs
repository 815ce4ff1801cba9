namespace Berth.Core.Errors;

/// <summary>
/// Why an engine operation failed. The API layer maps each kind to one HTTP status
/// (InvalidArgument 400, Forbidden 403, NotFound 404, Conflict 409, NotModified 304,
/// Unavailable 503, Internal 500), so engine code never thinks about HTTP.
/// </summary>
public enum ErrorKind
{
    Internal,
    InvalidArgument,
    NotFound,
    Conflict,
    Forbidden,
    NotModified,
    Unavailable,
}
