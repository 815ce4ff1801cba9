using System.Globalization;

namespace Berth.Api.Images;

/// <summary>Go's time.RFC3339Nano as dockerd prints times: trailing zero digits dropped.</summary>
internal static class Rfc3339
{
    public static string Utc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string Local(DateTimeOffset time) =>
        time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
}
