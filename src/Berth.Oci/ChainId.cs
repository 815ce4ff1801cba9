using System.Text;

namespace Berth.Oci;

/// <summary>
/// Chain IDs as the OCI image spec defines them: ChainID(L0) = DiffID(L0),
/// ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)). A chain ID names a layer together
/// with everything below it, so it is the key of an unpacked snapshot.
/// </summary>
public static class ChainId
{
    /// <summary>Returns one chain ID per diff ID (bottom layer first).</summary>
    public static IReadOnlyList<string> Compute(IReadOnlyList<string> diffIds)
    {
        ArgumentNullException.ThrowIfNull(diffIds);
        var chain = new string[diffIds.Count];
        for (var i = 0; i < diffIds.Count; i++)
        {
            var diffId = Digest.Parse(diffIds[i]).ToString();
            chain[i] = i == 0 ? diffId : Digest.Compute(Encoding.ASCII.GetBytes(chain[i - 1] + " " + diffId)).ToString();
        }

        return chain;
    }

    /// <summary>The chain ID of the top layer, or null for an image without layers.</summary>
    public static string? ComputeTop(IReadOnlyList<string> diffIds)
    {
        var chain = Compute(diffIds);
        return chain.Count == 0 ? null : chain[^1];
    }
}
