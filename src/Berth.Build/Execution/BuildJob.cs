using System.Text.Json.Nodes;
using Berth.Build.Context;
using Berth.Build.Instructions;
using Berth.Core.Build;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Images;

namespace Berth.Build.Execution;

/// <summary>
/// One build: runs the stages the target needs (each as soon as the stages it depends on are done,
/// so independent stages run in parallel), then tags the target's image.
/// </summary>
internal sealed class BuildJob
{
    private readonly Dictionary<int, Task<StageResult>> _stages = [];
    private readonly Dictionary<int, int> _firstStep = [];
    private readonly object _argsLock = new();

    public BuildJob(BuildServices services, BuildRequest request, ReceivedContext context, BuildPlan plan, BuildReporter reporter, string workDir, CancellationToken cancellationToken)
    {
        Services = services;
        Request = request;
        Context = context;
        Plan = plan;
        Reporter = reporter;
        WorkDir = workDir;
        CancellationToken = cancellationToken;
        var step = plan.GlobalArgs.Count + 1;
        foreach (var stage in plan.RequiredStages)
        {
            _firstStep[stage.Index] = step;
            step += 1 + StageInstructions(stage).Count;
        }

        TotalSteps = step - 1;
    }

    public BuildServices Services { get; }
    public BuildRequest Request { get; }
    public ReceivedContext Context { get; }
    public BuildPlan Plan { get; }
    public BuildReporter Reporter { get; }
    public string WorkDir { get; }
    public CancellationToken CancellationToken { get; }
    public int TotalSteps { get; }

    /// <summary>ARG resolution records which build-args were used; stages in parallel share it.</summary>
    public object ArgsLock => _argsLock;

    public async Task<string> RunAsync()
    {
        var step = 1;
        foreach (var arg in Plan.GlobalArgs)
        {
            await Reporter.StepAsync(step++, TotalSteps, arg.Original).ConfigureAwait(false);
        }

        foreach (var stage in Plan.RequiredStages)
        {
            _stages[stage.Index] = RunStageAsync(stage);
        }

        var results = await Task.WhenAll(_stages.Values).ConfigureAwait(false);
        _ = results;
        var target = await _stages[Plan.Target.Index].ConfigureAwait(false);
        if (target.ImageId is null)
        {
            throw EngineException.InvalidArgument("No image was generated. Is your Dockerfile empty?");
        }

        if (Plan.Args.UnconsumedWarning() is { } warning)
        {
            await Reporter.RawAsync(warning + "\n").ConfigureAwait(false);
        }

        await Reporter.RawAsync($"Successfully built {BuildReporter.ShortId(target.ImageId)}\n").ConfigureAwait(false);
        foreach (var tag in Request.Tags)
        {
            var (repository, tagName) = ImageTags.Split(tag);
            await Services.Images.TagAsync(target.ImageId, repository, tagName, CancellationToken).ConfigureAwait(false);
            await Reporter.RawAsync($"Successfully tagged {repository}:{tagName}\n").ConfigureAwait(false);
        }

        return target.ImageId;
    }

    /// <summary>The finished result of an earlier stage (for FROM stage and COPY --from).</summary>
    public Task<StageResult> StageAsync(BuildStage stage) =>
        _stages.TryGetValue(stage.Index, out var task) ? task : throw new InvalidOperationException($"{stage} was not scheduled");

    /// <summary>The stage's instructions plus, for the target, the --label step the legacy builder appends.</summary>
    public IReadOnlyList<Instruction> StageInstructions(BuildStage stage)
    {
        if (stage != Plan.Target || Request.Labels.Count == 0)
        {
            return stage.Instructions;
        }

        var labels = Request.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new KeyValue(l.Key, l.Value)).ToList();
        var text = "LABEL " + string.Join(' ', labels.Select(l => $"\"{l.Key}\"='{l.Value}'"));
        return [.. stage.Instructions, new LabelInstruction { Name = "LABEL", Labels = labels, Original = text }];
    }

    private async Task<StageResult> RunStageAsync(BuildStage stage)
    {
        foreach (var dependency in stage.Dependencies)
        {
            await _stages[dependency].ConfigureAwait(false);
        }

        var runner = new StageRunner(this, stage, _firstStep[stage.Index]);
        return await runner.RunAsync().ConfigureAwait(false);
    }
}
