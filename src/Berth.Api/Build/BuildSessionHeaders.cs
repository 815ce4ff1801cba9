using System.Text;
using System.Text.Json;
using Berth.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Build;

/// <summary>
/// Berth's transport for `berth build --secret` and `--ssh`. BuildKit pulls these over its session
/// (gRPC beside the build); the legacy POST /build has no session, so the berth CLI sends them in
/// request headers, base64url-encoded JSON as Docker's own X-Registry-Config header for build
/// credentials is. A header, not a tar entry: the values never mix with the context stream, so they
/// are never spooled to a file on either side, cannot collide with a user's file name, and are read
/// before the first byte of the context. The cost is a size limit: <see cref="MaxEncodedLength"/>
/// (1 MiB, room for one secret of BuildKit's 500 KB maximum twice encoded), which the API host's
/// header limit is sized to, and which the CLI checks first.
/// <list type="bullet">
/// <item>X-Berth-Build-Secrets: {"id": "&lt;standard base64 of the value&gt;", ...}</item>
/// <item>X-Berth-Build-Ssh: {"id": "/absolute/path/of/agent.sock", ...} (the daemon's host is the client's)</item>
/// </list>
/// </summary>
internal static class BuildSessionHeaders
{
    public const string SecretsHeader = "X-Berth-Build-Secrets";
    public const string SshHeader = "X-Berth-Build-Ssh";

    /// <summary>Encoded bytes per header; the berth CLI refuses larger secrets with the same number.</summary>
    public const int MaxEncodedLength = 1024 * 1024;

    public static Dictionary<string, byte[]> Secrets(HttpRequest request)
    {
        var secrets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, value) in Read(request, SecretsHeader))
        {
            try
            {
                secrets[id] = Convert.FromBase64String(value);
            }
            catch (FormatException)
            {
                throw EngineException.InvalidArgument($"invalid {SecretsHeader} header: the value of secret {id} is not base64");
            }
        }

        return secrets;
    }

    public static Dictionary<string, string> SshAgents(HttpRequest request)
    {
        var agents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, path) in Read(request, SshHeader))
        {
            if (!Path.IsPathRooted(path))
            {
                throw EngineException.InvalidArgument($"invalid {SshHeader} header: ssh agent path for {id} must be absolute, got {path}");
            }

            agents[id] = path;
        }

        return agents;
    }

    private static IEnumerable<(string Id, string Value)> Read(HttpRequest request, string header)
    {
        if (!request.Headers.TryGetValue(header, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return [];
        }

        var encoded = values[0]!;
        if (encoded.Length > MaxEncodedLength)
        {
            throw EngineException.InvalidArgument($"{header} header is {encoded.Length} bytes, more than berthd's limit of {MaxEncodedLength}");
        }

        var pairs = new List<(string, string)>();
        try
        {
            using var document = JsonDocument.Parse(DecodeBase64Url(encoded));
            foreach (var property in document.RootElement.EnumerateObject())
            {
                pairs.Add((property.Name, property.Value.GetString() ?? ""));
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            throw EngineException.InvalidArgument($"invalid {header} header: {e.Message}");
        }

        return pairs;
    }

    /// <summary>Base64url with or without padding (standard base64 is accepted too).</summary>
    private static byte[] DecodeBase64Url(string value)
    {
        var text = new StringBuilder(value.Trim()).Replace('-', '+').Replace('_', '/');
        text.Append('=', (4 - (text.Length % 4)) % 4);
        return Convert.FromBase64String(text.ToString());
    }
}
