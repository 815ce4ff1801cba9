namespace Berth.Storage;

/// <summary>What <see cref="StorageRoot.Recover"/> cleaned up.</summary>
public readonly record struct RecoveryReport(int IngestFilesRemoved, int SnapshotTempDirectoriesRemoved);
