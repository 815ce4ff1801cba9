using Berth.Build.Parsing;

namespace Berth.Build.Tests;

public sealed class ParserTests
{
    [Fact]
    public void HeredocsAreCollectedWithLines()
    {
        var text = "FROM alpine\nRUN <<EOF\necho hi\necho $X\nEOF\nRUN <<-'A' cat - && cat /dev/fd/3 3<<\"B\"\n\tone\n\tA\ntwo\nB\n";
        var root = DockerfileParser.Parse(text).Ast;

        var first = root.Children[1];
        Assert.Equal((2, 5), (first.StartLine, first.EndLine));
        var doc = Assert.Single(first.Heredocs);
        Assert.Equal(new Heredoc("EOF", 0, true, false, "echo hi\necho $X\n"), doc);

        var second = root.Children[2];
        Assert.Equal(2, second.Heredocs.Count);
        Assert.Equal(("A", false, true), (second.Heredocs[0].Name, second.Heredocs[0].Expand, second.Heredocs[0].Chomp));
        Assert.Equal("one\n", second.Heredocs[0].ChompedContent());
        Assert.Equal(("B", 3, false), (second.Heredocs[1].Name, second.Heredocs[1].FileDescriptor, second.Heredocs[1].Expand));
        Assert.Equal("two\n", second.Heredocs[1].Content);
        Assert.Equal((6, 10), (second.StartLine, second.EndLine));
    }

    [Fact]
    public void UnterminatedHeredocFailsWithLine()
    {
        var e = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse("FROM a\n\nRUN <<EOF\necho\n"));
        Assert.Equal("Dockerfile:3: unterminated heredoc", e.Message);
        Assert.Equal(3, e.StartLine);
    }

    [Fact]
    public void JsonFormHasNoHeredocs()
    {
        var root = DockerfileParser.Parse("FROM a\nRUN [\"echo\", \"<<EOF\"]\n").Ast;
        Assert.Empty(root.Children[1].Heredocs);
        Assert.True(root.Children[1].IsJson);
    }

    [Fact]
    public void EmptyContinuationLineWarns()
    {
        var result = DockerfileParser.Parse("FROM a\nRUN echo \\\n\n  hi\n");
        var w = Assert.Single(result.Warnings);
        Assert.Equal("Empty continuation line found in: RUN echo   hi", w.Short);
        Assert.Equal("run \"echo   hi\"", result.Ast.Children[1].Dump());
    }

    [Fact]
    public void DirectivesAreRecorded()
    {
        var result = DockerfileParser.Parse("# syntax=docker/dockerfile:1\n# check=skip=all\n# escape=`\nFROM a\nRUN echo `\n  hi\n");
        Assert.Equal('`', result.EscapeToken);
        Assert.Equal("docker/dockerfile:1", result.GetDirective("syntax"));
        Assert.Equal("skip=all", result.GetDirective("check"));
        Assert.Equal("run \"echo   hi\"", result.Ast.Children[1].Dump());
    }

    [Fact]
    public void RepeatedDirectiveFails()
    {
        var e = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse("# escape=`\n# escape=\\\nFROM a\n"));
        Assert.Equal("Dockerfile:2: only one escape parser directive can be used", e.Message);
    }

    [Fact]
    public void InvalidEscapeTokenFails()
    {
        var e = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse("# escape=x\nFROM a\n"));
        Assert.Contains("invalid escape token 'x' does not match ` or \\", e.Message);
    }

    [Fact]
    public void EmptyFileHasNoInstructions()
    {
        var e = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse("# only\n\n"));
        Assert.Equal("file with no instructions", e.Problem);
    }

    [Fact]
    public void NestedJsonIsAnError()
    {
        var e = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse("FROM a\nCMD [1]\n"));
        Assert.Equal("Dockerfile:2: when using JSON array syntax, arrays must be comprised of strings only", e.Message);
    }

    [Fact]
    public void CrLfAndBomAreHandled()
    {
        var root = DockerfileParser.Parse("\uFEFFFROM a\r\nRUN a \\\r\n b\r\n").Ast;
        Assert.Equal("(from \"a\")\n(run \"a  b\")", root.Dump());
    }

    [Fact]
    public void OnbuildCopyHeredoc()
    {
        var root = DockerfileParser.Parse("FROM a\nONBUILD COPY <<EOF /x\nhello\nEOF\n").Ast;
        Assert.Equal("hello\n", Assert.Single(root.Children[1].Heredocs).Content);
    }
}
