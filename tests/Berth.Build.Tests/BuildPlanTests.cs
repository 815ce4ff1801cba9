using Berth.Build.Instructions;
using Berth.Build.Parsing;

namespace Berth.Build.Tests;

public sealed class BuildPlanTests
{
    private const string MultiStage = """
        ARG GO=1.22
        ARG BASE
        FROM golang:${GO} AS build
        RUN go build
        FROM alpine AS tools
        RUN apk add curl
        FROM build AS test
        RUN go test
        FROM scratch AS final
        COPY --from=build /out/app /app
        COPY --from=1 /usr/bin/curl /curl
        RUN --mount=from=docs,target=/d true
        FROM busybox AS docs
        """;

    [Fact]
    public void StagesBasesAndGlobalArgs()
    {
        var plan = BuildPlan.Create(MultiStage);
        Assert.Equal(2, plan.GlobalArgs.Count);
        Assert.Equal(["build", "tools", "test", "final", "docs"], plan.Stages.Select(s => s.Name));
        Assert.Equal("golang:1.22", plan.Stages[0].BaseName);
        Assert.Same(plan.Stages[0], plan.Stages[2].BaseStage);
        Assert.True(plan.Stages[3].IsScratch);
        Assert.Equal([0, 1, 4], plan.Stages[3].Dependencies);
    }

    [Fact]
    public void TargetSelectsNeededStagesInDependencyOrder()
    {
        var plan = BuildPlan.Create(MultiStage, new BuildPlanOptions { Target = "final" });
        Assert.Equal("final", plan.Target.Name);
        Assert.Equal(["build", "tools", "docs", "final"], plan.RequiredStages.Select(s => s.Name));

        var test = BuildPlan.Create(MultiStage, new BuildPlanOptions { Target = "TEST" });
        Assert.Equal(["build", "test"], test.RequiredStages.Select(s => s.Name));

        var last = BuildPlan.Create(MultiStage);
        Assert.Equal(["docs"], last.RequiredStages.Select(s => s.Name));
    }

    [Fact]
    public void BuildArgOverridesGlobalDefaultInFrom()
    {
        var plan = BuildPlan.Create(MultiStage, new BuildPlanOptions { BuildArgs = new Dictionary<string, string?> { ["GO"] = "1.23" } });
        Assert.Equal("golang:1.23", plan.Stages[0].BaseName);
    }

    [Fact]
    public void FromCanUsePlatformArgs()
    {
        var plan = BuildPlan.Create("FROM --platform=$BUILDPLATFORM img-$TARGETARCH\n", new BuildPlanOptions
        {
            TargetPlatform = BuildPlatform.Parse("linux/arm64"),
        });
        Assert.Equal("img-arm64", plan.Stages[0].BaseName);
        Assert.Equal("$BUILDPLATFORM", plan.Stages[0].From.Platform);
    }

    [Fact]
    public void UnknownTargetFails()
    {
        var e = Assert.Throws<DockerfileException>(() => BuildPlan.Create(MultiStage, new BuildPlanOptions { Target = "nope" }));
        Assert.Equal("target stage \"nope\" could not be found", e.Message);
    }

    [Fact]
    public void DuplicateStageNameFails()
    {
        var e = Assert.Throws<DockerfileException>(() => BuildPlan.Create("FROM a AS x\nFROM b AS X\n"));
        Assert.Equal("Dockerfile:2: duplicate stage name \"x\"", e.Message);
    }

    [Theory]
    [InlineData("FROM a AS 1x\n", "invalid name for build stage: \"1x\", name can't start with a number or contain symbols")]
    [InlineData("FROM a b\n", "FROM requires either one or three arguments")]
    [InlineData("RUN x\n", "no build stage in current context")]
    [InlineData("FROM a\nCOPY --from=0 /a /b\n", "invalid from flag value 0: refers to current or future build stage")]
    [InlineData("FROM a AS s\nCOPY --from=s /a /b\n", "circular dependency detected on stage: s")]
    [InlineData("FROM a AS x\nCOPY --from=y /a /b\nFROM b AS y\nCOPY --from=x /a /b\n", "circular dependency detected on stage: y")]
    public void InvalidPlansFail(string text, string problem) =>
        Assert.Equal(problem, Assert.Throws<DockerfileException>(() => BuildPlan.Create(text)).Problem);

    [Fact]
    public void CopyFromImageIsRecorded()
    {
        var plan = BuildPlan.Create("FROM a\nCOPY --from=nginx:latest /etc/nginx /x\n");
        Assert.Equal(["nginx:latest"], plan.Stages[0].ImageReferences);
        Assert.Empty(plan.Stages[0].Dependencies);
    }

    [Fact]
    public void ArgScopingEnvOverrideAndUnusedWarning()
    {
        var plan = BuildPlan.Create("""
            ARG VERSION=1
            ARG UNUSEDGLOBAL=2
            FROM a
            ARG VERSION
            ARG NAME=n-$VERSION
            ENV NAME=env-name
            ARG TARGETOS
            """, new BuildPlanOptions
        {
            BuildArgs = new Dictionary<string, string?> { ["NAME"] = null, ["EXTRA"] = "x", ["HTTP_PROXY"] = "http://p" },
            TargetPlatform = BuildPlatform.Parse("linux/amd64"),
        });
        var vars = plan.Args.BeginStage([new("PATH", "/bin")]);
        Assert.False(vars.ExpansionEnvironment().ContainsKey("VERSION")); // not re-declared yet
        foreach (var instruction in plan.Stages[0].Instructions)
        {
            switch (instruction)
            {
                case ArgInstruction arg: vars.Declare(arg); break;
                case EnvInstruction env: vars.Apply(env); break;
            }
        }
        var expansion = vars.ExpansionEnvironment();
        Assert.Equal("1", expansion["VERSION"]);
        Assert.Equal("n-1", vars.Args["NAME"]);
        Assert.Equal("env-name", expansion["NAME"]); // ENV wins over ARG
        Assert.Equal("linux", expansion["TARGETOS"]);
        Assert.Equal("http://p", vars.RunEnvironment()["HTTP_PROXY"]);
        Assert.Equal(["PATH=/bin", "NAME=env-name"], vars.EnvList());
        Assert.Equal("[Warning] One or more build-args [EXTRA] were not consumed", plan.Args.UnconsumedWarning());
    }
}
