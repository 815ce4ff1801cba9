using Berth.Core.Errors;

namespace Berth.Volumes;

/// <summary>Docker's mount error texts (volume/mounts/errors.go, linux_parser.go, daemon/volumes.go).</summary>
internal static class MountErrors
{
    public static EngineException InvalidSpec(string raw) => EngineException.InvalidArgument($"invalid volume specification: '{raw}'");

    public static EngineException InvalidMode(string mode) => EngineException.InvalidArgument($"invalid mode: {mode}");

    public static EngineException Config(string type, string reason) => EngineException.InvalidArgument($"invalid mount config for type \"{type}\": {reason}");

    public static EngineException Duplicate(string destination) => EngineException.InvalidArgument($"Duplicate mount point: {destination}");

    public static string NotAbsolute(string path) => $"invalid mount path: '{path}' mount path must be absolute";

    public const string TargetIsRoot = "invalid specification: destination can't be '/'";

    public static string MissingField(string name) => $"field {name} must not be empty";

    public static string ExtraField(string name) => $"field {name} must not be specified";

    public static string BindSourceMissing(string path) => $"bind source path does not exist: {path}";
}
