using System.Text;
using System.Text.Json;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>The X-Docker-Container-Path-Stat header (base64 JSON) and the Go os.FileMode bits cp looks at.</summary>
internal sealed record CpContainerStat(string Name, long Size, uint Mode, string LinkTarget)
{
    public const string Header = "X-Docker-Container-Path-Stat";
    private const uint ModeDir = 1u << 31;
    private const uint ModeSymlink = 1u << 27;
    private const uint ModeDevice = 1u << 26;
    private const uint ModeIrregular = 1u << 19;

    public bool IsDir => (Mode & ModeDir) != 0;

    public bool IsSymlink => (Mode & ModeSymlink) != 0;

    /// <summary>docker's ValidateOutputPathFileMode.</summary>
    public string? InvalidOutputReason => (Mode & ModeDevice) != 0 ? "got a device" : (Mode & ModeIrregular) != 0 ? "got an irregular file" : null;

    public static CpContainerStat FromHeaders(IReadOnlyDictionary<string, string> headers)
    {
        var value = headers.FirstOrDefault(h => h.Key.Equals(Header, StringComparison.OrdinalIgnoreCase)).Value;
        if (string.IsNullOrEmpty(value))
        {
            throw new IOException("unable to get resource stat from response: no " + Header + " header");
        }

        try
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(value)));
            var root = doc.RootElement;
            return new CpContainerStat(
                root.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "",
                root.TryGetProperty("size", out var size) ? size.GetInt64() : 0,
                root.TryGetProperty("mode", out var mode) ? mode.GetUInt32() : 0,
                root.TryGetProperty("linkTarget", out var link) ? link.GetString() ?? "" : "");
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            throw new IOException("unable to get resource stat from response: " + ex.Message);
        }
    }

    /// <summary>HEAD /containers/{id}/archive; null when the daemon answers an error (the caller decides).</summary>
    public static async Task<CpContainerStat?> TryStatAsync(EngineClient client, string container, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.SendAsync(
                new EngineRequest("HEAD", ContainerBatch.Path(container, "archive"), new EngineQuery().Add("path", path)), cancellationToken).ConfigureAwait(false);
            return FromHeaders(response.Headers);
        }
        catch (EngineApiException)
        {
            return null;
        }
    }
}
