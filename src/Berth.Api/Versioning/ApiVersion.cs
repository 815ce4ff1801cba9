using System.Globalization;

namespace Berth.Api.Versioning;

/// <summary>An Engine API version such as 1.51, compared numerically (1.9 &lt; 1.24).</summary>
public readonly record struct ApiVersion(int Major, int Minor) : IComparable<ApiVersion>
{
    /// <summary>The newest API version berthd speaks (what Docker 28.3 speaks).</summary>
    public static readonly ApiVersion Current = new(1, 51);

    /// <summary>The oldest API version berthd accepts, as dockerd 28 does.</summary>
    public static readonly ApiVersion Minimum = new(1, 24);

    public static bool TryParse(ReadOnlySpan<char> text, out ApiVersion version)
    {
        version = default;
        var dot = text.IndexOf('.');
        if (dot <= 0
            || !int.TryParse(text[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(text[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }

        version = new ApiVersion(major, minor);
        return true;
    }

    public int CompareTo(ApiVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(ApiVersion left, ApiVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(ApiVersion left, ApiVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(ApiVersion left, ApiVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(ApiVersion left, ApiVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");
}
