using Berth.Build.Parsing;
using Berth.Build.Shell;

namespace Berth.Build.Instructions;

/// <summary>
/// Expands $VAR references in the instructions Docker expands itself (ADD, COPY, ENV, EXPOSE,
/// LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR, RUN --mount options, ARG defaults via
/// <see cref="StageVariables"/>). RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK/ONBUILD are returned as is:
/// their text is left to the shell or to the child build.
/// </summary>
public static class InstructionExpander
{
    public static bool Expands(Instruction instruction) => instruction is AddInstruction or CopyInstruction
        or EnvInstruction or ExposeInstruction or LabelInstruction or StopSignalInstruction or UserInstruction
        or VolumeInstruction or WorkdirInstruction or RunInstruction { MountSpecs.Count: > 0 };

    /// <param name="env">Usually <see cref="StageVariables.ExpansionEnvironment"/>.</param>
    public static Instruction Expand(Instruction instruction, IReadOnlyDictionary<string, string> env,
        char escapeToken = '\\', string fileName = "Dockerfile")
    {
        var lex = new ShellLex(escapeToken);
        string W(string s) => lex.ProcessWord(s, env);
        try
        {
            return instruction switch
            {
                CopyInstruction c => c with
                {
                    Sources = [.. c.Sources.Select(W)], Destination = W(c.Destination), Chown = W(c.Chown),
                    Chmod = W(c.Chmod), From = W(c.From), Excludes = [.. c.Excludes.Select(W)],
                    SourceContents = [.. c.SourceContents.Select(s => s.Expand ? s with { Data = ExpandHeredoc(s.Data, env, escapeToken) } : s)],
                },
                AddInstruction a => a with
                {
                    Sources = [.. a.Sources.Select(W)], Destination = W(a.Destination), Chown = W(a.Chown),
                    Chmod = W(a.Chmod), Checksum = W(a.Checksum), Excludes = [.. a.Excludes.Select(W)],
                    SourceContents = [.. a.SourceContents.Select(s => s.Expand ? s with { Data = ExpandHeredoc(s.Data, env, escapeToken) } : s)],
                },
                EnvInstruction e => e with { Env = [.. e.Env.Select(kv => kv with { Key = W(kv.Key), Value = W(kv.Value) })] },
                LabelInstruction l => l with { Labels = [.. l.Labels.Select(kv => kv with { Key = W(kv.Key), Value = W(kv.Value) })] },
                ExposeInstruction x => ExpandExpose(x, lex, env),
                StopSignalInstruction s => s with { Signal = W(s.Signal) },
                UserInstruction u => u with { User = W(u.User) },
                VolumeInstruction v => v with { Volumes = [.. v.Volumes.Select(W)] },
                WorkdirInstruction w => w with { Path = W(w.Path) },
                RunInstruction r when r.MountSpecs.Count > 0 => r with { Mounts = [.. r.MountSpecs.Select(m => RunMountParser.Parse(m, W))] },
                _ => instruction,
            };
        }
        catch (ShellExpansionException e)
        {
            throw new DockerfileException(e.Message, fileName, instruction.StartLine, instruction.EndLine);
        }
        catch (DockerfileException e)
        {
            throw e.WithLocation(fileName, instruction.StartLine, instruction.EndLine);
        }
    }

    // Heredoc bodies for COPY/ADD expand like a double-quoted word (quotes in the text stay).
    private static string ExpandHeredoc(string data, IReadOnlyDictionary<string, string> env, char escapeToken) =>
        new ShellLex(escapeToken) { SkipProcessQuotes = true }.ProcessWord(data, env);

    private static ExposeInstruction ExpandExpose(ExposeInstruction x, ShellLex lex, IReadOnlyDictionary<string, string> env)
    {
        var ports = x.Ports.SelectMany(p => lex.ProcessWords(p, env)).ToList();
        foreach (var p in ports)
        {
            PortSpec.Parse(p);
        }
        return x with { Ports = ports };
    }
}
