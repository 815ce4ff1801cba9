namespace Berth.Build.Shell;

/// <summary>A word that cannot be expanded (bad substitution, unterminated quote, ${VAR:?msg}).</summary>
public sealed class ShellExpansionException : Exception
{
    public ShellExpansionException(string message) : base(message)
    {
    }
}
