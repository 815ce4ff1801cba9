using System.Text.Json.Nodes;

namespace Berth.Build.Execution;

/// <summary>What a finished stage leaves for later stages: its image (null if it stayed empty scratch) and config.</summary>
internal sealed record StageResult(string? ImageId, JsonObject Config, string? Author);
