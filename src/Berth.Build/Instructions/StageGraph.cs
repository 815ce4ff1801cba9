using Berth.Build.Parsing;
using Berth.Build.Shell;

namespace Berth.Build.Instructions;

/// <summary>Resolves --from references between stages and orders what a target needs.</summary>
internal static class StageGraph
{
    public static void Link(List<BuildStage> stages, Dictionary<string, BuildStage> byName,
        IReadOnlyDictionary<string, string> metaArgs, char escapeToken, string file)
    {
        var lex = new ShellLex(escapeToken);
        foreach (var stage in stages)
        {
            foreach (var instruction in stage.InstructionList)
            {
                var refs = instruction switch
                {
                    CopyInstruction { From.Length: > 0 } copy => [copy.From],
                    // Only bind and cache mounts read another stage (BuildKit ignores from= on the others).
                    RunInstruction run => run.Mounts.Where(m => m.From.Length > 0 && m.Type is MountTypes.Bind or MountTypes.Cache)
                        .Select(m => m.From).ToList(),
                    _ => new List<string>(),
                };
                foreach (var raw in refs)
                {
                    string name;
                    try
                    {
                        name = lex.ProcessWord(raw, metaArgs);
                    }
                    catch (ShellExpansionException e)
                    {
                        throw new DockerfileException(e.Message, file, instruction.StartLine, instruction.EndLine);
                    }
                    var dep = Resolve(name, stage, stages, byName, file, instruction);
                    if (dep is null)
                    {
                        stage.ImageSet.Add(name);
                    }
                    else
                    {
                        stage.DependencySet.Add(dep.Index);
                    }
                }
            }
        }
    }

    private static BuildStage? Resolve(string name, BuildStage current, List<BuildStage> stages,
        Dictionary<string, BuildStage> byName, string file, Instruction at)
    {
        if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            if (index >= current.Index)
            {
                throw new DockerfileException(
                    $"invalid from flag value {name}: refers to current or future build stage", file, at.StartLine, at.EndLine);
            }
            return stages[index];
        }
        if (byName.TryGetValue(name.ToLowerInvariant(), out var stage))
        {
            if (stage == current)
            {
                throw new DockerfileException(
                    $"circular dependency detected on stage: {current.Name}", file, at.StartLine, at.EndLine);
            }
            return stage;
        }
        return null;
    }

    /// <summary>Post-order DFS from the target: every stage appears after its dependencies.</summary>
    public static List<BuildStage> Required(List<BuildStage> stages, BuildStage target, string file)
    {
        var order = new List<BuildStage>();
        var state = new Dictionary<int, bool>(); // false = visiting, true = done
        Visit(target);
        return order;

        void Visit(BuildStage stage)
        {
            if (state.TryGetValue(stage.Index, out var done))
            {
                if (!done)
                {
                    throw new DockerfileException(
                        $"circular dependency detected on stage: {(stage.Name.Length > 0 ? stage.Name : stage.Index.ToString(System.Globalization.CultureInfo.InvariantCulture))}", file);
                }
                return;
            }
            state[stage.Index] = false;
            foreach (var dep in stage.DependencySet)
            {
                Visit(stages[dep]);
            }
            state[stage.Index] = true;
            order.Add(stage);
        }
    }
}
