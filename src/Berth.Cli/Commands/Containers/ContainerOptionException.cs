namespace Berth.Cli.Commands.Containers;

/// <summary>An invalid combination or value found after flag parsing; run/create print it with "Run '... --help'" and exit 125.</summary>
internal sealed class ContainerOptionException : Exception
{
    public ContainerOptionException(string message)
        : base(message)
    {
    }
}
