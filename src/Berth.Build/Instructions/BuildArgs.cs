namespace Berth.Build.Instructions;

/// <summary>
/// Tracks <c>--build-arg</c> values across a build: the global (pre-FROM) ARG scope used to expand
/// FROM, per-stage scopes (<see cref="StageVariables"/>), and which build-args were never consumed.
/// </summary>
public sealed class BuildArgs
{
    /// <summary>Proxy args: usable without an ARG declaration and never reported as unused.</summary>
    public static readonly IReadOnlySet<string> ProxyArgs = new HashSet<string>(StringComparer.Ordinal)
    {
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
        "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
    };

    private readonly Dictionary<string, string?> _provided;
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _meta = new(StringComparer.Ordinal);

    /// <param name="provided">--build-arg values; a null value means "take it from the client environment" and was not resolved.</param>
    public BuildArgs(IReadOnlyDictionary<string, string?>? provided, BuildPlatform? target = null, BuildPlatform? build = null)
    {
        _provided = new Dictionary<string, string?>(provided ?? new Dictionary<string, string?>(), StringComparer.Ordinal);
        Target = target ?? BuildPlatform.Current;
        Build = build ?? BuildPlatform.Current;
        foreach (var (k, v) in PlatformArgs())
        {
            _meta[k] = v;
        }
    }

    public BuildPlatform Target { get; }

    public BuildPlatform Build { get; }

    /// <summary>The global scope: platform args plus global ARGs (build-args override defaults).</summary>
    public IReadOnlyDictionary<string, string> MetaArgs => _meta;

    /// <summary>Automatic platform ARGs (TARGETPLATFORM, TARGETOS, ..., BUILDVARIANT).</summary>
    public IEnumerable<KeyValuePair<string, string>> PlatformArgs()
    {
        yield return new("TARGETPLATFORM", Target.ToString());
        yield return new("TARGETOS", Target.Os);
        yield return new("TARGETARCH", Target.Architecture);
        yield return new("TARGETVARIANT", Target.Variant);
        yield return new("BUILDPLATFORM", Build.ToString());
        yield return new("BUILDOS", Build.Os);
        yield return new("BUILDARCH", Build.Architecture);
        yield return new("BUILDVARIANT", Build.Variant);
    }

    /// <summary>Declares a global ARG (before the first FROM).</summary>
    public void DeclareGlobal(ArgDefinition arg, char escapeToken = '\\')
    {
        var value = Resolve(arg, _meta, escapeToken, null);
        if (value is null)
        {
            _meta.Remove(arg.Key);
        }
        else
        {
            _meta[arg.Key] = value;
        }
    }

    /// <summary>Starts the variable scope of a stage (global ARGs are not visible until re-declared).</summary>
    public StageVariables BeginStage(IEnumerable<KeyValuePair<string, string>>? imageEnv = null, char escapeToken = '\\') =>
        new(this, imageEnv, escapeToken);

    /// <summary>Proxy build-args, which RUN sees without a declaration.</summary>
    public IEnumerable<KeyValuePair<string, string>> ProvidedProxyArgs() =>
        _provided.Where(p => ProxyArgs.Contains(p.Key) && p.Value is not null)
            .Select(p => new KeyValuePair<string, string>(p.Key, p.Value!));

    /// <summary>Build-args that no ARG consumed, sorted.</summary>
    public IReadOnlyList<string> Unconsumed() =>
        [.. _provided.Keys.Where(k => !_consumed.Contains(k) && !ProxyArgs.Contains(k)).Order(StringComparer.Ordinal)];

    /// <summary>Docker's warning text, or null when every build-arg was used.</summary>
    public string? UnconsumedWarning()
    {
        var unused = Unconsumed();
        return unused.Count == 0 ? null : $"[Warning] One or more build-args [{string.Join(" ", unused)}] were not consumed";
    }

    // Value of a declared ARG: --build-arg wins, then the default (expanded in the current scope),
    // then (inside a stage) the global ARG of the same name. Null means declared but unset.
    internal string? Resolve(ArgDefinition arg, IReadOnlyDictionary<string, string> scope, char escapeToken,
        IReadOnlyDictionary<string, string>? globals)
    {
        if (_provided.TryGetValue(arg.Key, out var provided))
        {
            _consumed.Add(arg.Key);
            if (provided is not null)
            {
                return provided;
            }
        }
        if (arg.DefaultValue is not null)
        {
            return new Shell.ShellLex(escapeToken).ProcessWord(arg.DefaultValue, scope);
        }
        if (globals is not null && globals.TryGetValue(arg.Key, out var global))
        {
            return global;
        }
        return null;
    }
}
