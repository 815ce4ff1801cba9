namespace Berth.Build.Tests;

internal static class SpecPaths
{
    public const string Root = "/work/shared/specs/dockerfile-buildkit";

    public static string Parser(string sub) => Path.Combine(Root, "parser", sub);

    public static string Shell(string file) => Path.Combine(Root, "shell", file);
}
