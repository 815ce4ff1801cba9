using Berth.Build.Parsing;
using Berth.Build.Shell;

namespace Berth.Build.Instructions;

/// <summary>
/// The typed, validated form of a Dockerfile: global ARGs, stages with their instructions, the
/// stage graph and the stages the target needs (in dependency order, so independent ones can run
/// in parallel). Pure: nothing here touches the engine.
/// </summary>
public sealed class BuildPlan
{
    private BuildPlan(ParseResult parsed, List<ArgInstruction> globalArgs, List<BuildStage> stages,
        BuildStage target, List<BuildStage> required, BuildArgs args)
    {
        Parsed = parsed;
        GlobalArgs = globalArgs;
        Stages = stages;
        Target = target;
        RequiredStages = required;
        Args = args;
    }

    public ParseResult Parsed { get; }

    public IReadOnlyList<ArgInstruction> GlobalArgs { get; }

    public IReadOnlyList<BuildStage> Stages { get; }

    public BuildStage Target { get; }

    /// <summary>The target and everything it depends on, dependencies first.</summary>
    public IReadOnlyList<BuildStage> RequiredStages { get; }

    /// <summary>Build-arg tracking; its meta args already include the global ARGs.</summary>
    public BuildArgs Args { get; }

    public char EscapeToken => Parsed.EscapeToken;

    public static BuildPlan Create(string dockerfile, BuildPlanOptions? options = null, string fileName = "Dockerfile") =>
        Create(DockerfileParser.Parse(dockerfile, fileName), options);

    public static BuildPlan Create(ParseResult parsed, BuildPlanOptions? options = null)
    {
        options ??= new BuildPlanOptions();
        var file = parsed.FileName;
        var args = new BuildArgs(options.BuildArgs, options.TargetPlatform, options.BuildPlatform);
        var globalArgs = new List<ArgInstruction>();
        var stages = new List<BuildStage>();
        var byName = new Dictionary<string, BuildStage>(StringComparer.Ordinal);
        var lex = new ShellLex(parsed.EscapeToken);

        foreach (var node in parsed.Ast.Children)
        {
            var instruction = InstructionParser.Parse(node, file);
            switch (instruction)
            {
                case ArgInstruction arg when stages.Count == 0:
                    globalArgs.Add(arg);
                    foreach (var def in arg.Args)
                    {
                        args.DeclareGlobal(def, parsed.EscapeToken);
                    }
                    break;
                case FromInstruction from:
                    string baseName;
                    try
                    {
                        baseName = lex.ProcessWord(from.BaseName, args.MetaArgs);
                    }
                    catch (ShellExpansionException e)
                    {
                        throw new DockerfileException(e.Message, file, from.StartLine, from.EndLine);
                    }
                    if (baseName.Length == 0)
                    {
                        throw new DockerfileException(
                            $"base name ({from.BaseName}) should not be blank", file, from.StartLine, from.EndLine);
                    }
                    var stage = new BuildStage(stages.Count, from, baseName);
                    if (byName.TryGetValue(baseName.ToLowerInvariant(), out var baseStage))
                    {
                        stage.BaseStage = baseStage;
                        stage.DependencySet.Add(baseStage.Index);
                    }
                    if (from.StageName.Length > 0 && !byName.TryAdd(from.StageName, stage))
                    {
                        throw new DockerfileException(
                            $"duplicate stage name \"{from.StageName}\"", file, from.StartLine, from.EndLine);
                    }
                    stages.Add(stage);
                    break;
                default:
                    if (stages.Count == 0)
                    {
                        throw new DockerfileException("no build stage in current context", file, node.StartLine, node.EndLine);
                    }
                    stages[^1].InstructionList.Add(instruction);
                    break;
            }
        }
        if (stages.Count == 0)
        {
            throw new DockerfileException("no build stage in current context", file);
        }

        StageGraph.Link(stages, byName, args.MetaArgs, parsed.EscapeToken, file);
        var target = stages[^1];
        if (!string.IsNullOrEmpty(options.Target) && !byName.TryGetValue(options.Target.ToLowerInvariant(), out target!))
        {
            throw new DockerfileException($"target stage \"{options.Target}\" could not be found", file);
        }
        var required = StageGraph.Required(stages, target, file);
        return new BuildPlan(parsed, globalArgs, stages, target, required, args);
    }
}
