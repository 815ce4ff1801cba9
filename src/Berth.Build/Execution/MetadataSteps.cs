using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Build.Instructions;
using Berth.Build.Parsing;

namespace Berth.Build.Execution;

/// <summary>
/// Instructions that only change the image config, applied as the legacy builder does. Each returns
/// the commit comment ("ENV A=b") that becomes the history's "#(nop)" entry and part of the cache key.
/// </summary>
internal static class MetadataSteps
{
    public static string Apply(Instruction instruction, StageState state)
    {
        var config = state.Config;
        switch (instruction)
        {
            case EnvInstruction env:
                var text = new StringBuilder("ENV");
                foreach (var kv in env.Env)
                {
                    state.SetEnv(kv.Key, kv.Value);
                    state.Variables.SetEnv(kv.Key, kv.Value);
                    text.Append(' ').Append(kv.Key).Append('=').Append(kv.Value);
                }

                return text.ToString();
            case LabelInstruction label:
                var labels = config["Labels"] as JsonObject ?? new JsonObject();
                config["Labels"] = labels;
                var labelText = new StringBuilder("LABEL");
                foreach (var kv in label.Labels)
                {
                    labels[kv.Key] = kv.Value;
                    labelText.Append(' ').Append(kv.Key).Append('=').Append(kv.Value);
                }

                return labelText.ToString();
            case ExposeInstruction expose:
                var ports = config["ExposedPorts"] as JsonObject ?? new JsonObject();
                config["ExposedPorts"] = ports;
                var keys = new List<string>();
                foreach (var raw in expose.Ports)
                {
                    var spec = PortSpec.Parse(raw);
                    for (var port = spec.Start; port <= spec.End; port++)
                    {
                        var key = $"{port}/{spec.Protocol}";
                        ports[key] = new JsonObject();
                        keys.Add(key);
                    }
                }

                return "EXPOSE " + string.Join(' ', keys.Order(StringComparer.Ordinal));
            case WorkdirInstruction workdir:
                config["WorkingDir"] = ResolveWorkdir(state.WorkingDir, workdir.Path);
                return "WORKDIR " + (string?)config["WorkingDir"];
            case UserInstruction user:
                config["User"] = user.User;
                return "USER " + user.User;
            case CmdInstruction cmd:
                config["Cmd"] = StageState.Array(CommandLine(cmd, state));
                state.CmdSet = true;
                return "CMD " + GoList(CommandLine(cmd, state));
            case EntrypointInstruction entrypoint:
                config["Entrypoint"] = StageState.Array(CommandLine(entrypoint, state));
                if (!state.CmdSet)
                {
                    // Docker sets Cmd to nil here; the commit contract cannot remove a field, and an
                    // empty list runs the same.
                    config["Cmd"] = new JsonArray();
                }

                return "ENTRYPOINT " + GoList(CommandLine(entrypoint, state));
            case VolumeInstruction volume:
                var volumes = config["Volumes"] as JsonObject ?? new JsonObject();
                config["Volumes"] = volumes;
                foreach (var v in volume.Volumes)
                {
                    if (v.Trim().Length == 0)
                    {
                        throw new DockerfileException("VOLUME specified can not be an empty string", "Dockerfile", volume.StartLine);
                    }

                    volumes[v] = new JsonObject();
                }

                return "VOLUME [" + string.Join(' ', volumes.Select(p => p.Key)) + "]";
            case StopSignalInstruction stop:
                config["StopSignal"] = stop.Signal;
                return "STOPSIGNAL " + stop.Signal;
            case HealthcheckInstruction health:
                config["Healthcheck"] = Health(health.Health);
                return "HEALTHCHECK " + GoList(health.Health.Test);
            case ShellInstruction shell:
                config["Shell"] = StageState.Array(shell.Shell);
                return "SHELL " + GoList(shell.Shell);
            case OnbuildInstruction onbuild:
                var triggers = config["OnBuild"] as JsonArray ?? new JsonArray();
                config["OnBuild"] = triggers;
                triggers.Add((JsonNode)onbuild.Expression);
                return "ONBUILD " + onbuild.Expression;
            case MaintainerInstruction maintainer:
                state.Author = maintainer.Maintainer;
                return "MAINTAINER " + maintainer.Maintainer;
            case ArgInstruction arg:
                state.Variables.Declare(arg);
                return "ARG " + string.Join(' ', arg.Args.Select(a => a.DefaultValue is null ? a.Key : a.Key + "=" + a.DefaultValue));
            default:
                throw new InvalidOperationException($"{instruction.Name} is not a metadata instruction");
        }
    }

    /// <summary>Shell form runs through the stage's SHELL; exec form is taken as written.</summary>
    public static IReadOnlyList<string> CommandLine(ShellDependentInstruction instruction, StageState state) =>
        instruction.PrependShell ? [.. state.Shell, .. instruction.CommandLine] : instruction.CommandLine;

    public static string ResolveWorkdir(string current, string path)
    {
        var joined = path.StartsWith('/') ? path : current.TrimEnd('/') + "/" + path;
        return Context.PathClean.Clean(joined);
    }

    /// <summary>Go's %q of a []string: ["a" "b"].</summary>
    public static string GoList(IEnumerable<string> values) => "[" + string.Join(' ', values.Select(GoQuote.Quote)) + "]";

    private static JsonObject Health(HealthConfig health)
    {
        var result = new JsonObject { ["Test"] = StageState.Array(health.Test) };
        AddDuration(result, "Interval", health.Interval);
        AddDuration(result, "Timeout", health.Timeout);
        AddDuration(result, "StartPeriod", health.StartPeriod);
        AddDuration(result, "StartInterval", health.StartInterval);
        if (health.Retries != 0)
        {
            result["Retries"] = health.Retries;
        }

        return result;
    }

    private static void AddDuration(JsonObject target, string name, TimeSpan value)
    {
        if (value != TimeSpan.Zero)
        {
            target[name] = long.Parse((value.Ticks * 100).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }
    }
}
