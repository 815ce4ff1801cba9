using Berth.Core.Build;

namespace Berth.Build.Execution;

/// <summary>The legacy builder's progress lines, written through <see cref="IBuildOutput"/>.</summary>
internal sealed class BuildReporter(IBuildOutput output, CancellationToken cancellationToken)
{
    public ValueTask StepAsync(int step, int total, string text) => output.WriteAsync($"Step {step}/{total} : {text}\n", cancellationToken);

    public ValueTask ImageAsync(string imageId) => output.WriteAsync($" ---> {ShortId(imageId)}\n", cancellationToken);

    public ValueTask UsingCacheAsync() => output.WriteAsync(" ---> Using cache\n", cancellationToken);

    public ValueTask RunningInAsync(string containerId) => output.WriteAsync($" ---> Running in {ShortId(containerId)}\n", cancellationToken);

    public ValueTask RemovingAsync(string containerId) => output.WriteAsync($"Removing intermediate container {ShortId(containerId)}\n", cancellationToken);

    public ValueTask RawAsync(string text) => output.WriteAsync(text, cancellationToken);

    public static string ShortId(string id)
    {
        var hex = id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..] : id;
        return hex.Length > 12 ? hex[..12] : hex;
    }
}
