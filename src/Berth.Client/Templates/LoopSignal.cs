namespace Berth.Client.Templates;

/// <summary>Unwinds the executor out of a range body for {{break}} / {{continue}}.</summary>
internal sealed class LoopSignal : Exception
{
    public LoopSignal(bool isBreak)
    {
        IsBreak = isBreak;
    }

    public bool IsBreak { get; }
}
