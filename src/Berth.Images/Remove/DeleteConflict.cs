using Berth.Core.Errors;
using Berth.Images.Model;

namespace Berth.Images.Remove;

/// <summary>What may stop an image deletion, as Docker's conflictType bits; hard ones cannot be forced.</summary>
[Flags]
internal enum ConflictKinds
{
    None = 0,
    DependentChild = 1,
    RunningContainer = 2,
    ActiveReference = 4,
    StoppedContainer = 8,
    Hard = DependentChild | RunningContainer,
    Soft = ActiveReference | StoppedContainer,
}

internal sealed record DeleteConflict(string ImageId, bool Hard, bool Used, string Reason)
{
    public EngineException ToException() =>
        EngineException.Conflict($"conflict: unable to delete {ReferenceKey.ShortId(ImageId)} ({(Hard ? "cannot be forced" : "must be forced")}) - {Reason}");
}
