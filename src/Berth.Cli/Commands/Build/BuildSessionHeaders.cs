using System.Buffers.Text;
using System.Text.Json;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// Puts --secret values and --ssh sockets on the POST /build request as berthd reads them
/// (Berth.Api's BuildSessionHeaders explains the choice of headers): base64url JSON objects, each
/// header at most <see cref="MaxEncodedLength"/> bytes, checked here so an oversized secret fails
/// with a clear message instead of the server's "431 Request Header Fields Too Large".
/// </summary>
internal static class BuildSessionHeaders
{
    public const string SecretsHeader = "X-Berth-Build-Secrets";
    public const string SshHeader = "X-Berth-Build-Ssh";
    public const int MaxEncodedLength = 1024 * 1024;

    public static void Add(EngineRequest request, IReadOnlyList<string> secretSpecs, IReadOnlyList<string> sshSpecs)
    {
        if (secretSpecs.Count > 0)
        {
            var secrets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var spec in secretSpecs)
            {
                var (id, value) = BuildSecretFlag.Read(spec);
                secrets[id] = value;
            }

            var encoded = Encode(json =>
            {
                foreach (var (id, value) in secrets)
                {
                    json.WriteBase64String(id, value);
                }
            });
            if (encoded.Length > MaxEncodedLength)
            {
                throw new StatusException(
                    $"secrets are too large for berthd: {encoded.Length} bytes encoded, the limit is {MaxEncodedLength} " +
                    $"(about {MaxEncodedLength * 9 / 16 / 1024} KiB of secret data in all, as they travel in the {SecretsHeader} request header)");
            }

            request.Headers.Add(new(SecretsHeader, encoded));
        }

        if (sshSpecs.Count > 0)
        {
            var agents = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var spec in sshSpecs)
            {
                var (id, socket) = BuildSshFlag.Read(spec);
                agents[id] = socket;
            }

            var encoded = Encode(json =>
            {
                foreach (var (id, socket) in agents)
                {
                    json.WriteString(id, socket);
                }
            });
            if (encoded.Length > MaxEncodedLength)
            {
                throw new StatusException($"--ssh values are too long for berthd: {encoded.Length} bytes encoded, the limit is {MaxEncodedLength}");
            }

            request.Headers.Add(new(SshHeader, encoded));
        }
    }

    private static string Encode(Action<Utf8JsonWriter> properties)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            properties(json);
            json.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
