using System.Text.Json;
using Berth.Api.Endpoints;
using Berth.Core.Build;
using Berth.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Build;

/// <summary>`POST /build` query parameters as dockerd reads them; options the classic builder here
/// cannot honour are refused with a clear message instead of being silently ignored.</summary>
internal static class BuildQuery
{
    public static BuildRequest Parse(HttpRequest request)
    {
        if (QueryValues.String(request, "remote") is { } remote)
        {
            throw EngineException.InvalidArgument($"remote build contexts are not supported by berthd (remote={remote}); send the context as the request body");
        }

        if (QueryValues.String(request, "version") == "2")
        {
            throw EngineException.InvalidArgument("BuildKit is not supported by berthd: use the classic builder (DOCKER_BUILDKIT=0)");
        }

        if (QueryValues.Bool(request, "pull"))
        {
            throw EngineException.InvalidArgument("--pull is not supported: berthd cannot pull images; base images must be loaded or built locally");
        }

        if (QueryValues.String(request, "platform") is { } platform && !IsHostPlatform(platform))
        {
            throw EngineException.InvalidArgument($"platform {platform} is not supported: berthd builds for {HostPlatform} only");
        }

        return new BuildRequest
        {
            Tags = QueryValues.All(request, "t"),
            Dockerfile = QueryValues.String(request, "dockerfile") ?? "Dockerfile",
            BuildArgs = NullableMap(QueryValues.String(request, "buildargs"), "buildargs"),
            Labels = NullableMap(QueryValues.String(request, "labels"), "labels")
                .ToDictionary(p => p.Key, p => p.Value ?? "", StringComparer.Ordinal),
            Target = QueryValues.String(request, "target"),
            NoCache = QueryValues.Bool(request, "nocache"),
            Remove = request.Query.ContainsKey("rm") ? QueryValues.Bool(request, "rm") : true,
            ForceRemove = QueryValues.Bool(request, "forcerm"),
            NetworkMode = QueryValues.String(request, "networkmode") ?? "default",
            Secrets = BuildSessionHeaders.Secrets(request),
            SshAgents = BuildSessionHeaders.SshAgents(request),
        };
    }

    private static string HostPlatform => "linux/" + (System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        var other => other.ToString().ToLowerInvariant(),
    });

    private static bool IsHostPlatform(string platform) =>
        platform.Equals(HostPlatform, StringComparison.OrdinalIgnoreCase) || platform.Equals("linux", StringComparison.OrdinalIgnoreCase);

    /// <summary>{"KEY":"value","UNSET":null} as the docker CLI sends buildargs and labels.</summary>
    private static Dictionary<string, string?> NullableMap(string? json, string name)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(json))
        {
            return result;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind is JsonValueKind.Null)
            {
                return result;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                result[property.Name] = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.GetString();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw EngineException.InvalidArgument($"invalid {name} JSON: {e.Message}");
        }

        return result;
    }
}
