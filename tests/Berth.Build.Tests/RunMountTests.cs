using Berth.Build.Instructions;
using Berth.Build.Parsing;

namespace Berth.Build.Tests;

/// <summary>Secret, ssh and from= mounts: parsing, BuildKit's defaults, and the stage graph they make.</summary>
public sealed class RunMountTests
{
    [Theory]
    [InlineData("type=secret,id=foo", "foo", "/run/secrets/foo")]
    [InlineData("type=secret,target=/root/.aws/credentials", "credentials", "/root/.aws/credentials")]
    [InlineData("type=secret,id=aws,target=/root/.aws/credentials", "aws", "/root/.aws/credentials")]
    [InlineData("type=secret,source=npmrc", "npmrc", "/run/secrets/npmrc")]
    [InlineData("type=secret,id=dir/key", "dir/key", "/run/secrets/key")]
    [InlineData("type=secret,id=API_KEY,env=API_KEY", "API_KEY", null)]
    [InlineData("type=secret,id=k,env=K,target=/k", "k", "/k")]
    public void SecretIdAndTargetDefaults(string spec, string id, string? target)
    {
        var mount = RunMountParser.Parse(spec);
        Assert.Equal(id, MountDefaults.SecretId(mount));
        Assert.Equal(target, MountDefaults.SecretTarget(mount));
    }

    [Fact]
    public void SecretOptions()
    {
        var mount = RunMountParser.Parse("type=secret,id=foo,required,mode=0440,uid=1000,gid=1001");
        Assert.Equal((true, 0x120u, 1000u, 1001u, true), (mount.Required, mount.Mode!.Value, mount.Uid!.Value, mount.Gid!.Value, mount.ReadOnly));
        Assert.False(RunMountParser.Parse("type=secret,id=foo").Required);
        Assert.False(RunMountParser.Parse("type=secret,id=foo,required=false").Required);
    }

    [Theory]
    [InlineData("type=ssh", "default", "/run/buildkit/ssh_agent.0", 0)]
    [InlineData("type=ssh", "default", "/run/buildkit/ssh_agent.2", 2)]
    [InlineData("type=ssh,id=gitlab,target=/agent.sock", "gitlab", "/agent.sock", 0)]
    public void SshDefaults(string spec, string id, string target, int index)
    {
        var mount = RunMountParser.Parse(spec);
        Assert.Equal(id, MountDefaults.SshMountId(mount));
        Assert.Equal(target, MountDefaults.SshTarget(mount, index));
        Assert.False(mount.Required);
    }

    [Theory]
    [InlineData("type=secret,from=build,id=x", "secret mount should not have a from")]
    [InlineData("type=secret", "invalid secret mount. one of source, target required")]
    [InlineData("type=secret,id=a,source=b", "both source and id can't be set")]
    [InlineData("type=secret,id=a,sharing=locked", "invalid cache sharing set for secret mount")]
    [InlineData("type=ssh,source=/x", "ssh does not support source")]
    [InlineData("type=ssh,env=X", "unexpected key 'env' for mount type 'ssh'")]
    [InlineData("type=bind,from=build,required=true,target=/x", "unexpected key 'required' for mount type 'bind'")]
    [InlineData("type=bind,from=build,mode=0755,target=/x", "mode not allowed for \"bind\" type mounts")]
    [InlineData("type=secret,id=a,mode=9", "invalid value 9 for mode")]
    public void BadMountsFailWithBuildKitsWords(string spec, string message)
    {
        var e = Assert.Throws<DockerfileException>(() => RunMountParser.Parse(spec));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void FromMountsAreBindReadOnlyByDefaultAndCacheReadWrite()
    {
        var bind = RunMountParser.Parse("from=build,source=/out,target=/in");
        Assert.Equal((MountTypes.Bind, "build", "/out", true), (bind.Type, bind.From, bind.Source, bind.ReadOnly));
        Assert.False(RunMountParser.Parse("type=bind,from=build,target=/in,rw").ReadOnly);
        var cache = RunMountParser.Parse("type=cache,from=build,source=/out,target=/c");
        Assert.Equal(("build", false), (cache.From, cache.ReadOnly));
    }

    private const string Stages = """
        ARG SRC=assets
        FROM busybox AS build
        RUN make
        FROM busybox AS assets
        RUN make assets
        FROM busybox AS unused
        RUN exit 1
        FROM busybox AS final
        RUN --mount=type=bind,from=build,source=/out,target=/in --mount=type=cache,from=${SRC},target=/c cp /in/app /app
        RUN --mount=type=tmpfs,from=unused,target=/t --mount=type=ssh,from=unused true
        RUN --mount=from=golang:1.22,target=/go true
        """;

    [Fact]
    public void FromMountsMakeStageDependenciesAndImageReferences()
    {
        var plan = BuildPlan.Create(Stages);
        var final = plan.Stages[3];
        // from= on tmpfs and ssh mounts reads nothing (BuildKit ignores it): "unused" is no dependency.
        Assert.Equal([0, 1], final.Dependencies);
        Assert.Equal(["golang:1.22"], final.ImageReferences);
        Assert.Equal(["build", "assets", "final"], plan.RequiredStages.Select(s => s.Name));
    }

    [Fact]
    public void TargetPruningKeepsMountedStagesOnly()
    {
        var plan = BuildPlan.Create(Stages, new BuildPlanOptions { Target = "assets" });
        Assert.Equal(["assets"], plan.RequiredStages.Select(s => s.Name));
    }

    [Fact]
    public void MountFromTheStageItselfIsACycle()
    {
        var e = Assert.Throws<DockerfileException>(() => BuildPlan.Create("FROM busybox AS me\nRUN --mount=from=me,target=/x true\n"));
        Assert.Contains("circular dependency detected on stage: me", e.Message);
        var later = Assert.Throws<DockerfileException>(() => BuildPlan.Create("FROM busybox\nRUN --mount=from=1,target=/x true\nFROM busybox\n"));
        Assert.Contains("invalid from flag value 1: refers to current or future build stage", later.Message);
    }

    [Theory]
    [InlineData("/run/secrets/foo", "foo")]
    [InlineData("foo/", "foo")]
    [InlineData("", ".")]
    [InlineData("/", "/")]
    public void BaseNameIsGos(string path, string expected) => Assert.Equal(expected, MountDefaults.BaseName(path));
}
