namespace Berth.Build.Instructions;

/// <summary>
/// ARG and ENV state of one stage while it is dispatched. ENV always overrides an ARG of the same
/// name; ARGs are visible to later instructions of the stage only (and to RUN as environment).
/// </summary>
public sealed class StageVariables
{
    private readonly BuildArgs _buildArgs;
    private readonly char _escapeToken;
    private readonly Dictionary<string, string> _args = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);
    private readonly List<string> _envOrder = [];

    internal StageVariables(BuildArgs buildArgs, IEnumerable<KeyValuePair<string, string>>? imageEnv, char escapeToken)
    {
        _buildArgs = buildArgs;
        _escapeToken = escapeToken;
        foreach (var (k, v) in imageEnv ?? [])
        {
            SetEnv(k, v);
        }
    }

    public IReadOnlyDictionary<string, string> Args => _args;

    public IReadOnlyDictionary<string, string> Env => _env;

    /// <summary>ENV as "KEY=value" in first-set order (the image config's Env).</summary>
    public IReadOnlyList<string> EnvList() => [.. _envOrder.Select(k => $"{k}={_env[k]}")];

    /// <summary>What $VAR expands to in ADD/COPY/ENV/...: ARGs, overridden by ENV.</summary>
    public IReadOnlyDictionary<string, string> ExpansionEnvironment()
    {
        var env = new Dictionary<string, string>(_args, StringComparer.Ordinal);
        foreach (var (k, v) in _env)
        {
            env[k] = v;
        }
        return env;
    }

    /// <summary>The environment of a RUN: proxy build-args, ARGs, then ENV on top.</summary>
    public IReadOnlyDictionary<string, string> RunEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in _buildArgs.ProvidedProxyArgs())
        {
            env[k] = v;
        }
        foreach (var (k, v) in ExpansionEnvironment())
        {
            env[k] = v;
        }
        return env;
    }

    /// <summary>Declares the ARGs of one ARG instruction, in order.</summary>
    public void Declare(ArgInstruction arg)
    {
        foreach (var def in arg.Args)
        {
            var platform = _buildArgs.PlatformArgs().Where(p => p.Key == def.Key).Select(p => p.Value).FirstOrDefault();
            var value = platform is not null && def.DefaultValue is null
                ? platform
                : _buildArgs.Resolve(def, ExpansionEnvironment(), _escapeToken, _buildArgs.MetaArgs);
            if (value is null)
            {
                _args.Remove(def.Key);
            }
            else
            {
                _args[def.Key] = value;
            }
        }
    }

    /// <summary>Applies an ENV instruction (expanding each value with the state before the line).</summary>
    public void Apply(EnvInstruction env)
    {
        var scope = ExpansionEnvironment();
        var lex = new Shell.ShellLex(_escapeToken);
        foreach (var kv in env.Env)
        {
            SetEnv(lex.ProcessWord(kv.Key, scope), lex.ProcessWord(kv.Value, scope));
        }
    }

    public void SetEnv(string key, string value)
    {
        if (!_env.ContainsKey(key))
        {
            _envOrder.Add(key);
        }
        _env[key] = value;
    }
}
