namespace Berth.Core.Build;

/// <summary>Where a build writes its progress. Calls may come from parallel stages; implementations serialize.</summary>
public interface IBuildOutput
{
    /// <summary>Text as the legacy builder prints it ("Step 1/3 : FROM busybox\n", RUN output chunks).</summary>
    ValueTask WriteAsync(string text, CancellationToken cancellationToken);

    /// <summary>The final image ID (the API's {"aux":{"ID":...}} message).</summary>
    ValueTask ImageBuiltAsync(string imageId, CancellationToken cancellationToken);
}
