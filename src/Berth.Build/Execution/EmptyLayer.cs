namespace Berth.Build.Execution;

/// <summary>
/// An unchanged container's diff can come back as zero bytes (a tar writer that wrote no entry writes
/// no end-of-archive either). Docker commits such a step as the canonical empty layer: 1024 zero
/// bytes, diff ID sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef.
/// </summary>
internal static class EmptyLayer
{
    /// <summary>Makes <paramref name="diff"/> a valid tar and rewinds it for reading.</summary>
    public static async Task CompleteAsync(Stream diff, CancellationToken cancellationToken)
    {
        if (diff.Length == 0)
        {
            await diff.WriteAsync(new byte[1024], cancellationToken).ConfigureAwait(false);
        }

        diff.Position = 0;
    }
}
