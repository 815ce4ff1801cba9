using System.Text.Json.Serialization;

namespace Berth.Runtime.State;

[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerRecord))]
[JsonSerializable(typeof(ExecRecord))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
