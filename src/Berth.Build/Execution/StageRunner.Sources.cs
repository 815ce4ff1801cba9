using System.Security.Cryptography;
using Berth.Build.Context;
using Berth.Build.Instructions;
using Berth.Core.Errors;

namespace Berth.Build.Execution;

internal sealed partial class StageRunner
{
    private async Task<CopySourceSet> CollectSourcesAsync(FileInstruction file, string command)
    {
        var set = new CopySourceSet();
        foreach (var inline in file.SourceContents)
        {
            set.Inline.Add((inline.Path, inline.Data));
        }

        var from = (file as CopyInstruction)?.From ?? "";
        if (from.Length > 0)
        {
            set.FromImage = await FromImageAsync(from).ConfigureAwait(false);
            set.FromPaths.AddRange(file.Sources.Select(s => PathClean.Clean("/" + s)));
            return set;
        }

        var local = new List<string>();
        foreach (var source in file.Sources)
        {
            if (IsUrl(source))
            {
                if (file is not AddInstruction add)
                {
                    throw EngineException.InvalidArgument($"{command} failed: source can't be a URL for COPY");
                }

                set.Downloads.Add(await DownloadAsync(source, add.Checksum).ConfigureAwait(false));
            }
            else
            {
                local.Add(source);
            }
        }

        if (local.Count > 0)
        {
            set.ContextMatches.AddRange(CopySources.Match(_job.Context, local, command));
        }

        return set;
    }

    private static bool IsUrl(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>COPY --from: a stage (name or index) of this Dockerfile, else a local image.</summary>
    private async Task<string> FromImageAsync(string from)
    {
        var stage = int.TryParse(from, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? _job.Plan.Stages.ElementAtOrDefault(index)
            : _job.Plan.Stages.FirstOrDefault(s => s.Name.Length > 0 && s.Name == from.ToLowerInvariant());
        if (stage is not null && stage.Index < _stage.Index)
        {
            var result = await _job.StageAsync(stage).ConfigureAwait(false);
            return result.ImageId ?? throw EngineException.InvalidArgument($"COPY failed: stage {from} has no files (empty scratch image)");
        }

        return (await ResolveImageAsync(from).ConfigureAwait(false)).Id;
    }

    /// <summary>ADD &lt;url&gt;: downloaded each build (the content hash decides the cache), verified with --checksum.</summary>
    private async Task<(string Name, string HostPath, DateTimeOffset Modified)> DownloadAsync(string url, string checksum)
    {
        var uri = new Uri(url);
        var name = uri.Segments.Length > 0 ? Uri.UnescapeDataString(uri.Segments[^1]).Trim('/') : "";
        if (name.Length == 0)
        {
            name = "__unnamed__";
        }

        var path = Path.Combine(_job.WorkDir, "download-" + Guid.NewGuid().ToString("N"));
        using var response = await _job.Services.Http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, Cancellation).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw EngineException.InvalidArgument($"failed to GET {url} with status {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var file = File.Create(path);
        await using (file.ConfigureAwait(false))
        {
            await response.Content.CopyToAsync(file, Cancellation).ConfigureAwait(false);
        }

        if (checksum.Length > 0)
        {
            if (!checksum.StartsWith("sha256:", StringComparison.Ordinal))
            {
                throw EngineException.InvalidArgument($"unsupported digest algorithm in --checksum={checksum} (sha256 only)");
            }

            var content = File.OpenRead(path);
            await using (content.ConfigureAwait(false))
            {
                var actual = "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(content, Cancellation).ConfigureAwait(false));
                if (actual != checksum)
                {
                    throw EngineException.InvalidArgument($"digest mismatch {actual}: {checksum}");
                }
            }
        }

        var modified = response.Content.Headers.LastModified ?? DateTimeOffset.UnixEpoch;
        return (name, path, modified);
    }
}
