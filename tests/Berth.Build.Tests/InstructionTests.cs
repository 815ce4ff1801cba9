using Berth.Build.Instructions;
using Berth.Build.Parsing;

namespace Berth.Build.Tests;

public sealed class InstructionTests
{
    private static Instruction One(string line, string from = "FROM a\n") =>
        BuildPlan.Create(from + line + "\n").Stages[0].Instructions.Single();

    private static string Fail(string text) =>
        Assert.Throws<DockerfileException>(() => BuildPlan.Create(text)).Message;

    [Fact]
    public void UnknownInstructionSuggests() =>
        Assert.Equal("Dockerfile:3: unknown instruction: FORM (did you mean FROM?)", Fail("FROM a\n\nFORM b\n"));

    [Fact]
    public void RunWithMountsNetworkAndSecurity()
    {
        var run = Assert.IsType<RunInstruction>(One(
            "RUN --mount=type=cache,target=/root/.cache,id=pip,sharing=locked --mount=type=secret,id=tok,env=TOK --mount=type=bind,from=build,source=/out,target=/in --network=none --security=insecure make"));
        Assert.Equal(["make"], run.CommandLine);
        Assert.True(run.PrependShell);
        Assert.Equal("none", run.Network);
        Assert.Equal("insecure", run.Security);
        Assert.Equal(3, run.Mounts.Count);
        Assert.Equal(new RunMount { Type = "cache", Target = "/root/.cache", Id = "pip", Sharing = "locked" }, run.Mounts[0]);
        Assert.Equal(("secret", "tok", "TOK", true), (run.Mounts[1].Type, run.Mounts[1].Id, run.Mounts[1].Env, run.Mounts[1].ReadOnly));
        Assert.Equal(("build", "/out", "/in", true), (run.Mounts[2].From, run.Mounts[2].Source, run.Mounts[2].Target, run.Mounts[2].ReadOnly));
    }

    [Theory]
    [InlineData("RUN --mount=type=bogus,target=/x a", "unsupported mount type \"bogus\"")]
    [InlineData("RUN --mount=type=bind,target=/x,sharing=locked a", "invalid cache sharing set for bind mount")]
    [InlineData("RUN --mount=type=tmpfs,target=/x,mode=0700 a", "mode not allowed for \"tmpfs\" type mounts")]
    [InlineData("RUN --mount=type=cache,target=/x,foo=bar a", "unexpected key 'foo' in 'foo=bar'")]
    [InlineData("RUN --network=bridge a", "unsupported network mode \"bridge\"")]
    [InlineData("RUN --bogus a", "unknown flag: bogus")]
    [InlineData("COPY --chmodd=755 a b", "unknown flag: chmodd (did you mean chmod?)")]
    [InlineData("COPY a", "COPY requires at least two arguments, but only one was provided. Destination could not be determined.")]
    [InlineData("EXPOSE 80-70", "invalid range specified for container port: 80-70")]
    [InlineData("EXPOSE 99999", "invalid containerPort: 99999")]
    [InlineData("EXPOSE 80/icmp", "invalid proto: icmp")]
    [InlineData("HEALTHCHECK --interval=1x CMD a", "time: invalid duration \"1x\"")]
    [InlineData("HEALTHCHECK --timeout=10us CMD a", "Interval \"timeout\" cannot be less than 1ms")]
    [InlineData("HEALTHCHECK --retries=-1 CMD a", "--retries cannot be negative (-1)")]
    [InlineData("HEALTHCHECK NONE x", "HEALTHCHECK NONE takes no arguments")]
    [InlineData("HEALTHCHECK CONNECT x", "Unknown type \"CONNECT\" in HEALTHCHECK (try CMD)")]
    [InlineData("HEALTHCHECK CMD", "Missing command after HEALTHCHECK CMD")]
    [InlineData("SHELL /bin/bash -c", "SHELL requires the arguments to be in JSON form")]
    [InlineData("ONBUILD ONBUILD RUN a", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")]
    [InlineData("ONBUILD FROM a", "FROM isn't allowed as an ONBUILD trigger")]
    [InlineData("ONBUILD MAINTAINER me", "MAINTAINER isn't allowed as an ONBUILD trigger")]
    [InlineData("ARG", "ARG requires at least one argument")]
    [InlineData("ARG =x", "ARG names can not be blank")]
    [InlineData("COPY <<EOF <<DST\nx\nEOF\ny\nDST", "COPY cannot accept a heredoc as a destination")]
    [InlineData("ENV a=b c", "Syntax error - can't find = in \"c\". Must be of the form: name=value")]
    public void InvalidInstructionsFailWithLine(string line, string problem)
    {
        var e = Assert.Throws<DockerfileException>(() => BuildPlan.Create("FROM a\n" + line + "\n"));
        Assert.Equal(problem, e.Problem);
        Assert.Equal(2, e.StartLine);
    }

    [Fact]
    public void CopyFlagsAndHeredocSources()
    {
        var copy = Assert.IsType<CopyInstruction>(One(
            "COPY --from=build --chown=1:2 --chmod=755 --link --parents --exclude=*.md --exclude=x <<EOF a b /dst/\nhi $X\nEOF"));
        Assert.Equal(("build", "1:2", "755", true, true), (copy.From, copy.Chown, copy.Chmod, copy.Link, copy.Parents));
        Assert.Equal(["*.md", "x"], copy.Excludes);
        Assert.Equal(["a", "b"], copy.Sources);
        Assert.Equal("/dst/", copy.Destination);
        Assert.Equal(new SourceContent("EOF", "hi $X\n", true), Assert.Single(copy.SourceContents));
    }

    [Fact]
    public void AddFlags()
    {
        var add = Assert.IsType<AddInstruction>(One(
            "ADD --checksum=sha256:abc --keep-git-dir=true --link https://x/y.tgz /z"));
        Assert.Equal(("sha256:abc", (bool?)true, true, (bool?)null), (add.Checksum, add.KeepGitDir, add.Link, add.Unpack));
    }

    [Fact]
    public void EnvBothForms()
    {
        var env = Assert.IsType<EnvInstruction>(One("ENV a=b c=\"d e\""));
        Assert.Equal([new KeyValue("a", "b"), new KeyValue("c", "\"d e\"")], env.Env);
        var legacy = Assert.IsType<EnvInstruction>(One("ENV a b c"));
        Assert.Equal([new KeyValue("a", "b c", true)], legacy.Env);
    }

    [Fact]
    public void HealthcheckParsesDurations()
    {
        var hc = Assert.IsType<HealthcheckInstruction>(One(
            "HEALTHCHECK --interval=1m30s --timeout=500ms --start-period=1h --start-interval=2s --retries=3 CMD curl -f x"));
        Assert.Equal((TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1), TimeSpan.FromSeconds(2), 3),
            (hc.Health.Interval, hc.Health.Timeout, hc.Health.StartPeriod, hc.Health.StartInterval, hc.Health.Retries));
        Assert.Equal(["CMD-SHELL", "curl -f x"], hc.Health.Test);
        var exec = Assert.IsType<HealthcheckInstruction>(One("HEALTHCHECK CMD [\"a\", \"b\"]"));
        Assert.Equal(["CMD", "a", "b"], exec.Health.Test);
        Assert.Equal(["NONE"], Assert.IsType<HealthcheckInstruction>(One("HEALTHCHECK NONE")).Health.Test);
    }

    [Fact]
    public void MiscInstructions()
    {
        Assert.Equal(["80/tcp", "9000-9010/udp"], Assert.IsType<ExposeInstruction>(One("EXPOSE 9000-9010/udp 80/tcp")).Ports);
        Assert.Equal(["/bin/bash", "-c"], Assert.IsType<ShellInstruction>(One("SHELL [\"/bin/bash\", \"-c\"]")).Shell);
        Assert.Equal("SIGKILL", Assert.IsType<StopSignalInstruction>(One("STOPSIGNAL SIGKILL")).Signal);
        Assert.Equal("me", Assert.IsType<MaintainerInstruction>(One("MAINTAINER me")).Maintainer);
        Assert.Equal(["/a", "/b"], Assert.IsType<VolumeInstruction>(One("VOLUME [\"/a\", \"/b\"]")).Volumes);
        var entry = Assert.IsType<EntrypointInstruction>(One("ENTRYPOINT [\"/bin/app\"]"));
        Assert.False(entry.PrependShell);
        var onbuild = Assert.IsType<OnbuildInstruction>(One("ONBUILD RUN echo hi"));
        Assert.Equal("RUN echo hi", onbuild.Expression);
        Assert.Equal(["echo hi"], Assert.IsType<RunInstruction>(onbuild.Trigger).CommandLine);
        var args = Assert.IsType<ArgInstruction>(One("ARG a b=c d=\"e f\""));
        Assert.Equal([new ArgDefinition("a", null), new ArgDefinition("b", "c"), new ArgDefinition("d", "\"e f\"")], args.Args);
    }

    [Fact]
    public void ExpanderExpandsOnlyDockerExpandedInstructions()
    {
        var env = new Dictionary<string, string> { ["V"] = "1.2", ["D"] = "/app", ["P"] = "8080" };
        var copy = (CopyInstruction)InstructionExpander.Expand(One("COPY --chown=${U:-root} src-$V.tgz $D/"), env);
        Assert.Equal(("root", "src-1.2.tgz", "/app/"), (copy.Chown, copy.Sources[0], copy.Destination));
        var run = (RunInstruction)InstructionExpander.Expand(One("RUN --mount=type=cache,target=$D/cache echo $V"), env);
        Assert.Equal("/app/cache", run.Mounts[0].Target);
        Assert.Equal(["echo $V"], run.CommandLine);
        var expose = (ExposeInstruction)InstructionExpander.Expand(One("EXPOSE $P"), env);
        Assert.Equal(["8080"], expose.Ports);
        var label = (LabelInstruction)InstructionExpander.Expand(One("LABEL v=\"ver $V\""), env);
        Assert.Equal("ver 1.2", label.Labels[0].Value);
        Assert.Throws<DockerfileException>(() => InstructionExpander.Expand(One("EXPOSE $P"), new Dictionary<string, string> { ["P"] = "x" }));
    }
}
