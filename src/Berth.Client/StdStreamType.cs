namespace Berth.Client;

/// <summary>The stream a multiplexed frame belongs to (the first header byte).</summary>
public enum StdStreamType : byte
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
    SystemError = 3,
}
