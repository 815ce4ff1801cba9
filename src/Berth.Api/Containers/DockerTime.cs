using System.Globalization;
using Berth.Api.Images;

namespace Berth.Api.Containers;

/// <summary>Times as dockerd prints them in container JSON and log lines.</summary>
internal static class DockerTime
{
    /// <summary>Go's zero time.Time, which Docker prints for "never happened".</summary>
    public const string Zero = "0001-01-01T00:00:00Z";

    public static string OrZero(DateTimeOffset? time) => time is { } t ? Rfc3339.Utc(t) : Zero;

    /// <summary>RFC3339Nano with all nine digits, as `docker logs -t` prints, so columns line up.</summary>
    public static string Fixed(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);
}
