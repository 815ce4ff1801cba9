namespace Berth.Cli.Infrastructure;

internal enum FlagKind
{
    Bool,
    String,
    /// <summary>Repeatable; every occurrence is kept (pflag's stringArray/list/filter).</summary>
    List,
}
