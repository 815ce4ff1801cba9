using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Berth.Runtime.Filesystem;

[JsonSerializable(typeof(JsonObject))]
internal sealed partial class CommitJsonContext : JsonSerializerContext;
