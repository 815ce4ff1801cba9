namespace Berth.Cli.Infrastructure;

/// <summary>One flag: long name, optional shorthand, kind, the type word shown in help, help text.</summary>
internal sealed record FlagSpec(string Name, char? Short, FlagKind Kind, string Help, string TypeName = "", string? Default = null)
{
    public static FlagSpec Bool(string name, char? shorthand, string help) => new(name, shorthand, FlagKind.Bool, help);

    public static FlagSpec String(string name, char? shorthand, string help, string typeName = "string", string? defaultValue = null) =>
        new(name, shorthand, FlagKind.String, help, typeName, defaultValue);

    public static FlagSpec List(string name, char? shorthand, string help, string typeName = "list") =>
        new(name, shorthand, FlagKind.List, help, typeName);
}
