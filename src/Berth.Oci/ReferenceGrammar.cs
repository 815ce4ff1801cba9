using System.Text.RegularExpressions;

namespace Berth.Oci;

/// <summary>
/// The reference grammar of distribution/reference (what Docker uses), written out as regexes.
/// Go's \w is ASCII-only, so it is spelled [0-9A-Za-z_] here.
/// </summary>
internal static partial class ReferenceGrammar
{
    private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
    private const string DomainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string Host = "(?:" + DomainComponent + "(?:\\." + DomainComponent + ")*|\\[(?:[a-fA-F0-9:]+)\\])";
    private const string DomainAndPort = Host + "(?::[0-9]+)?";
    private const string TagPattern = "[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}";
    private const string DigestPattern = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private const string RemoteName = PathComponent + "(?:/" + PathComponent + ")*";

    public const int NameTotalLengthMax = 255;

    /// <summary>Groups: 1 domain (may be empty), 2 path, 3 tag, 4 digest.</summary>
    [GeneratedRegex("^(?:(" + DomainAndPort + ")/)?(" + RemoteName + ")(?::(" + TagPattern + "))?(?:@(" + DigestPattern + "))?$", RegexOptions.CultureInvariant)]
    public static partial Regex Reference();

    [GeneratedRegex("^" + TagPattern + "$", RegexOptions.CultureInvariant)]
    public static partial Regex Tag();

    [GeneratedRegex("^[a-f0-9]{64}$", RegexOptions.CultureInvariant)]
    public static partial Regex Identifier();
}
