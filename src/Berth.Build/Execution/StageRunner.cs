using System.Text.Json.Nodes;
using Berth.Build.Instructions;
using Berth.Build.Parsing;
using Berth.Core.Errors;
using Berth.Core.Images;

namespace Berth.Build.Execution;

/// <summary>Runs one stage: FROM, ONBUILD triggers of the base image, then each instruction as a step.</summary>
internal sealed partial class StageRunner
{
    private readonly BuildJob _job;
    private readonly BuildStage _stage;
    private int _step;
    private StageState _state = null!;
    private long _imageSize;

    public StageRunner(BuildJob job, BuildStage stage, int firstStep)
    {
        _job = job;
        _stage = stage;
        _step = firstStep;
    }

    private BuildReporter Reporter => _job.Reporter;

    private CancellationToken Cancellation => _job.CancellationToken;

    private string FileName => _job.Plan.Parsed.FileName;

    public async Task<StageResult> RunAsync()
    {
        await Reporter.StepAsync(_step++, _job.TotalSteps, _stage.From.Original).ConfigureAwait(false);
        await BeginAsync().ConfigureAwait(false);
        foreach (var trigger in Triggers())
        {
            await DispatchAsync(trigger, printStep: false).ConfigureAwait(false);
        }

        foreach (var instruction in _job.StageInstructions(_stage))
        {
            await Reporter.StepAsync(_step++, _job.TotalSteps, instruction.Original).ConfigureAwait(false);
            await DispatchAsync(instruction, printStep: true).ConfigureAwait(false);
        }

        return new StageResult(_state.ImageId, _state.Config, _state.Author);
    }

    private async Task BeginAsync()
    {
        string? imageId = null;
        ReadOnlyMemory<byte> config = default;
        string? author = null;
        if (_stage.BaseStage is { } baseStage)
        {
            var result = await _job.StageAsync(baseStage).ConfigureAwait(false);
            imageId = result.ImageId;
            config = System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["config"] = result.Config.DeepClone() }.ToJsonString());
            author = result.Author;
        }
        else if (!_stage.IsScratch)
        {
            var image = await ResolveImageAsync(_stage.BaseName).ConfigureAwait(false);
            imageId = image.Id;
            config = image.ConfigJson;
            _imageSize = image.Size;
        }

        if (imageId is not null)
        {
            await Reporter.ImageAsync(imageId).ConfigureAwait(false);
            if (_imageSize == 0)
            {
                _imageSize = (await _job.Services.Images.GetAsync(imageId, Cancellation).ConfigureAwait(false)).Size;
            }
        }

        var configObject = StageState.InitialConfig(config);
        StageVariables variables;
        lock (_job.ArgsLock)
        {
            variables = _job.Plan.Args.BeginStage(StageState.EnvPairs(configObject), _job.Plan.EscapeToken);
        }

        _state = new StageState(imageId, configObject, variables, author);
    }

    /// <summary>A FROM or COPY --from image: local only (berthd has no registry client yet).</summary>
    public async Task<ImageDetails> ResolveImageAsync(string name)
    {
        try
        {
            return await _job.Services.Images.GetAsync(name, Cancellation).ConfigureAwait(false);
        }
        catch (EngineException e) when (e.Kind == ErrorKind.NotFound)
        {
            var repository = ImageTags.Split(name).Repository;
            throw EngineException.NotFound(
                $"pull access denied for {repository}, repository does not exist or may require 'docker login': " +
                $"{name} is not in berthd's image store and berthd cannot pull images yet (load or build it first)");
        }
    }

    /// <summary>ONBUILD triggers of the base image run right after FROM, then are cleared (Docker does the same).</summary>
    private List<Instruction> Triggers()
    {
        if (_state.Config["OnBuild"] is not JsonArray { Count: > 0 } triggers)
        {
            return [];
        }

        var parsed = new List<Instruction>();
        foreach (var expression in triggers.Select(t => (string?)t ?? ""))
        {
            var ast = DockerfileParser.Parse(expression, FileName);
            foreach (var node in ast.Ast.Children)
            {
                var instruction = InstructionParser.Parse(node, FileName);
                if (instruction is FromInstruction or MaintainerInstruction or OnbuildInstruction)
                {
                    throw new DockerfileException($"{instruction.Name} isn't allowed as an ONBUILD trigger", FileName);
                }

                parsed.Add(instruction);
            }
        }

        _state.Config["OnBuild"] = new JsonArray();
        return parsed;
    }

    private async Task DispatchAsync(Instruction raw, bool printStep)
    {
        _ = printStep;
        Cancellation.ThrowIfCancellationRequested();
        Instruction instruction;
        lock (_job.ArgsLock)
        {
            instruction = InstructionExpander.Expands(raw)
                ? InstructionExpander.Expand(raw, _state.Variables.ExpansionEnvironment(), _job.Plan.EscapeToken, FileName)
                : raw;
        }

        switch (instruction)
        {
            case RunInstruction run:
                await RunAsync(run).ConfigureAwait(false);
                break;
            case CopyInstruction or AddInstruction:
                await CopyAsync((FileInstruction)instruction).ConfigureAwait(false);
                break;
            case WorkdirInstruction workdir:
                await WorkdirAsync(workdir).ConfigureAwait(false);
                break;
            case ArgInstruction arg:
                string argComment;
                lock (_job.ArgsLock)
                {
                    argComment = MetadataSteps.Apply(arg, _state);
                }

                await CommitMetadataAsync(argComment).ConfigureAwait(false);
                break;
            default:
                await CommitMetadataAsync(MetadataSteps.Apply(instruction, _state)).ConfigureAwait(false);
                break;
        }
    }
}
