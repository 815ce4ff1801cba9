using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Core.Containers;
using Berth.Core.Errors;

namespace Berth.Runtime.Filesystem;

/// <summary>
/// The image config of a commit, as Docker's daemon/commit.go builds it: with no config in the
/// request the container's own configuration; otherwise the request's config merged with the
/// container's (user, env by key, labels, exposed ports, volumes, cmd/entrypoint, workdir, stop signal).
/// </summary>
internal static class CommitConfig
{
    public static byte[] Build(ContainerInfo container, ReadOnlyMemory<byte> requestConfig)
    {
        JsonObject own = FromContainer(container);
        JsonObject? user = Parse(requestConfig);
        JsonObject result = user is null ? own : Merge(user, own);
        return JsonSerializer.SerializeToUtf8Bytes(result, CommitJsonContext.Default.JsonObject);
    }

    /// <summary>Docker's Config object of the container (what `inspect` shows as Config).</summary>
    private static JsonObject FromContainer(ContainerInfo container)
    {
        ContainerSpec c = container.Config;
        var config = new JsonObject
        {
            ["Hostname"] = c.Hostname ?? container.Id[..Math.Min(12, container.Id.Length)],
            ["Domainname"] = c.Domainname ?? "",
            ["User"] = c.User ?? "",
            ["AttachStdin"] = c.AttachStdin,
            ["AttachStdout"] = c.AttachStdout,
            ["AttachStderr"] = c.AttachStderr,
            ["Tty"] = c.Tty,
            ["OpenStdin"] = c.OpenStdin,
            ["StdinOnce"] = c.StdinOnce,
            ["Env"] = Array(c.Env),
            ["Cmd"] = c.Cmd is null ? null : Array(c.Cmd),
            ["Image"] = container.ImageName,
            ["WorkingDir"] = c.WorkingDir ?? "",
            ["Entrypoint"] = c.Entrypoint is null ? null : Array(c.Entrypoint),
            ["Labels"] = Labels(c.Labels),
        };
        if (c.ExposedPorts.Count > 0)
        {
            config["ExposedPorts"] = Set(c.ExposedPorts);
        }
        if (c.Volumes.Count > 0)
        {
            config["Volumes"] = Set(c.Volumes);
        }
        if (!string.IsNullOrEmpty(c.StopSignal))
        {
            config["StopSignal"] = c.StopSignal;
        }
        return config;
    }

    private static JsonObject Merge(JsonObject user, JsonObject own)
    {
        if (IsEmpty(user["User"]))
        {
            user["User"] = own["User"]?.DeepClone();
        }
        user["ExposedPorts"] = Union(user["ExposedPorts"] as JsonObject, own["ExposedPorts"] as JsonObject, userWins: true);
        user["Env"] = MergeEnv(user["Env"] as JsonArray, own["Env"] as JsonArray);
        user["Labels"] = Union(user["Labels"] as JsonObject, own["Labels"] as JsonObject, userWins: true);
        if (IsEmpty(user["Entrypoint"]))
        {
            if (IsEmpty(user["Cmd"]))
            {
                user["Cmd"] = own["Cmd"]?.DeepClone();
            }
            if (user["Entrypoint"] is null)
            {
                user["Entrypoint"] = own["Entrypoint"]?.DeepClone();
            }
        }
        if (IsEmpty(user["WorkingDir"]))
        {
            user["WorkingDir"] = own["WorkingDir"]?.DeepClone();
        }
        user["Volumes"] = Union(user["Volumes"] as JsonObject, own["Volumes"] as JsonObject, userWins: false);
        if (IsEmpty(user["StopSignal"]))
        {
            user["StopSignal"] = own["StopSignal"]?.DeepClone();
        }
        return user;
    }

    private static JsonArray? MergeEnv(JsonArray? user, JsonArray? own)
    {
        if (user is null || user.Count == 0)
        {
            return own?.DeepClone() as JsonArray;
        }
        var keys = user.Select(e => Key(e?.GetValue<string>() ?? "")).ToHashSet(StringComparer.Ordinal);
        foreach (JsonNode? e in own ?? [])
        {
            string entry = e?.GetValue<string>() ?? "";
            if (!keys.Contains(Key(entry)))
            {
                user.Add((JsonNode?)JsonValue.Create(entry));
            }
        }
        return user;
    }

    private static string Key(string env) => env.Split('=', 2)[0];

    private static JsonObject? Union(JsonObject? user, JsonObject? own, bool userWins)
    {
        if (user is null || user.Count == 0)
        {
            return own?.DeepClone() as JsonObject;
        }
        foreach (var (key, value) in own ?? [])
        {
            if (!userWins || !user.ContainsKey(key))
            {
                user[key] = value?.DeepClone();
            }
        }
        return user;
    }

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonArray a => a.Count == 0,
        JsonValue v when v.TryGetValue(out string? s) => string.IsNullOrEmpty(s),
        _ => false,
    };

    private static JsonObject? Parse(ReadOnlyMemory<byte> json)
    {
        if (json.IsEmpty)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(json.Span) as JsonObject;
        }
        catch (JsonException e)
        {
            throw EngineException.InvalidArgument($"invalid config: {e.Message}");
        }
    }

    private static JsonArray Array(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());

    private static JsonObject Set(IEnumerable<string> keys) => new(keys.Distinct(StringComparer.Ordinal).Select(k => KeyValuePair.Create(k, (JsonNode?)new JsonObject())));

    private static JsonObject Labels(IReadOnlyDictionary<string, string> labels) =>
        new(labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
}
