namespace Berth.Client.Templates;

internal enum BranchKind
{
    If,
    With,
    Range,
}
