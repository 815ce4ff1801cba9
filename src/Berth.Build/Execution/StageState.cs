using System.Text.Json.Nodes;
using Berth.Build.Instructions;

namespace Berth.Build.Execution;

/// <summary>
/// Where a stage stands between steps: the image built so far (null while still on scratch), the
/// Docker "Config" object it carries, the ARG/ENV scope, the author and whether CMD was set here.
/// </summary>
internal sealed class StageState
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public StageState(string? imageId, JsonObject config, StageVariables variables, string? author)
    {
        ImageId = imageId;
        Config = config;
        Variables = variables;
        Author = author;
    }

    public string? ImageId { get; set; }

    public JsonObject Config { get; }

    public StageVariables Variables { get; }

    public string? Author { get; set; }

    public bool CmdSet { get; set; }

    /// <summary>The SHELL (default ["/bin/sh", "-c"]).</summary>
    public IReadOnlyList<string> Shell =>
        Config["Shell"] is JsonArray { Count: > 0 } shell ? [.. shell.Select(s => (string?)s ?? "")] : ["/bin/sh", "-c"];

    public string WorkingDir => (string?)Config["WorkingDir"] is { Length: > 0 } dir ? dir : "/";

    public string User => (string?)Config["User"] ?? "";

    public IReadOnlyList<string> Env => Config["Env"] is JsonArray env ? [.. env.Select(e => (string?)e ?? "")] : [];

    /// <summary>Reads the "config" of an image config JSON (or an empty one for scratch) and adds the
    /// default PATH when the image has none, as the legacy builder's beginStage does.</summary>
    public static JsonObject InitialConfig(ReadOnlyMemory<byte> imageConfigJson)
    {
        var config = imageConfigJson.IsEmpty ? new JsonObject() :
            JsonNode.Parse(imageConfigJson.Span)?["config"]?.DeepClone() as JsonObject ?? new JsonObject();
        var env = config["Env"] as JsonArray ?? new JsonArray();
        if (!env.Any(e => ((string?)e ?? "").StartsWith("PATH=", StringComparison.Ordinal)))
        {
            env.Add((JsonNode)("PATH=" + DefaultPath));
        }

        config["Env"] = env;
        return config;
    }

    public static IEnumerable<KeyValuePair<string, string>> EnvPairs(JsonObject config) =>
        (config["Env"] as JsonArray ?? []).Select(e => (string?)e ?? "").Select(e =>
        {
            var eq = e.IndexOf('=', StringComparison.Ordinal);
            return eq < 0 ? new KeyValuePair<string, string>(e, "") : new KeyValuePair<string, string>(e[..eq], e[(eq + 1)..]);
        });

    public void SetEnv(string key, string value)
    {
        var env = Config["Env"] as JsonArray ?? new JsonArray();
        Config["Env"] = env;
        for (var i = 0; i < env.Count; i++)
        {
            var entry = (string?)env[i] ?? "";
            if (entry == key || entry.StartsWith(key + "=", StringComparison.Ordinal))
            {
                env[i] = key + "=" + value;
                return;
            }
        }

        env.Add((JsonNode)(key + "=" + value));
    }

    public static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    /// <summary>The config as the commit's ConfigOverrides.</summary>
    public byte[] ConfigBytes() => System.Text.Encoding.UTF8.GetBytes(Config.ToJsonString());
}
