using System.Security.Cryptography;

namespace Berth.Oci;

/// <summary>
/// A content digest in OCI form, "sha256:&lt;64 lowercase hex&gt;". Only sha256 is accepted: it is
/// what Docker and every registry use, and a single algorithm keeps blob paths unambiguous.
/// </summary>
public readonly record struct Digest
{
    public const string Sha256Prefix = "sha256:";
    private const int HexLength = 64;

    private Digest(string hex) => Hex = hex;

    /// <summary>The 64 lowercase hex characters after "sha256:".</summary>
    public string Hex { get; }

    public string Algorithm => "sha256";

    /// <summary>The first 12 hex characters, as Docker shows short IDs.</summary>
    public string Short => Hex[..12];

    public override string ToString() => Sha256Prefix + Hex;

    public static implicit operator string(Digest digest) => digest.ToString();

    /// <summary>Parses "sha256:&lt;hex&gt;"; throws <see cref="FormatException"/> with Docker's wording.</summary>
    public static Digest Parse(string value)
    {
        if (!TryParse(value, out var digest, out var error))
        {
            throw new FormatException(error);
        }

        return digest;
    }

    public static bool TryParse(string? value, out Digest digest) => TryParse(value, out digest, out _);

    private static bool TryParse(string? value, out Digest digest, out string error)
    {
        digest = default;
        var colon = value?.IndexOf(':') ?? -1;
        if (value is null || colon <= 0 || colon == value.Length - 1)
        {
            error = "invalid checksum digest format";
            return false;
        }

        if (!value.AsSpan(0, colon).SequenceEqual("sha256"))
        {
            error = "unsupported digest algorithm";
            return false;
        }

        var hex = value.AsSpan(colon + 1);
        if (hex.Length != HexLength)
        {
            error = "invalid checksum digest length";
            return false;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                error = "invalid checksum digest format";
                return false;
            }
        }

        digest = new Digest(hex.ToString());
        error = string.Empty;
        return true;
    }

    /// <summary>True for a well-formed "sha256:&lt;64 lowercase hex&gt;".</summary>
    public static bool IsValid(string? value) => TryParse(value, out _);

    /// <summary>Parses a bare 64-hex string (Docker IDs are sometimes given without the prefix).</summary>
    public static Digest FromHex(string hex) => Parse(Sha256Prefix + hex);

    /// <summary>Wraps a raw 32-byte SHA-256 hash.</summary>
    public static Digest FromHash(ReadOnlySpan<byte> sha256Hash)
    {
        if (sha256Hash.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("a sha256 hash is 32 bytes", nameof(sha256Hash));
        }

        return new Digest(Convert.ToHexStringLower(sha256Hash));
    }

    public static Digest Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        return FromHash(hash);
    }

    public static async Task<Digest> ComputeAsync(Stream data, CancellationToken cancellationToken)
    {
        var hash = await SHA256.HashDataAsync(data, cancellationToken).ConfigureAwait(false);
        return FromHash(hash);
    }
}
