namespace Berth.Client.Templates;

/// <summary>A missing map key: Go prints it as "&lt;no value&gt;".</summary>
internal sealed class NoValue
{
    public static readonly NoValue Instance = new();

    private NoValue()
    {
    }

    public override string ToString() => "<no value>";
}
