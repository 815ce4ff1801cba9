namespace Berth.Storage.Snapshots;

/// <summary>Docker/OCI whiteout names in layer tars and their overlayfs counterparts.</summary>
internal static class Whiteouts
{
    /// <summary>".wh.name" in a tar deletes "name" from the layers below.</summary>
    public const string Prefix = ".wh.";

    /// <summary>".wh..wh..opq" in a directory hides everything below it in lower layers.</summary>
    public const string OpaqueMarker = ".wh..wh..opq";

    /// <summary>".wh..wh.*" names other than the opaque marker are aufs bookkeeping and carry no meaning.</summary>
    public const string MetaPrefix = ".wh..wh.";

    public const string OverlayOpaqueXattr = "trusted.overlay.opaque";

    /// <summary>overlayfs' private attributes: never taken from (or written to) a tar, an archive must
    /// not be able to forge redirects or metacopy data.</summary>
    public const string OverlayXattrPrefix = "trusted.overlay.";

    public const string PaxXattrPrefix = "SCHILY.xattr.";
}
