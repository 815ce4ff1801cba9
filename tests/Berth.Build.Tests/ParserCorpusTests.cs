using Berth.Build.Parsing;

namespace Berth.Build.Tests;

public sealed class ParserCorpusTests
{
    public static TheoryData<string> PositiveCases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(SpecPaths.Parser("testfiles")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }
        return data;
    }

    public static TheoryData<string> NegativeCases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(SpecPaths.Parser("testfiles-negative")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }
        return data;
    }

    [Fact]
    public void CorpusIsComplete()
    {
        Assert.Equal(33, PositiveCases().Count);
        Assert.Equal(4, NegativeCases().Count);
    }

    [Theory]
    [MemberData(nameof(PositiveCases))]
    public void DumpMatchesExpectedResult(string name)
    {
        var dir = Path.Combine(SpecPaths.Parser("testfiles"), name);
        var text = File.ReadAllText(Path.Combine(dir, "Dockerfile"));
        var expected = File.ReadAllText(Path.Combine(dir, "result"));

        var result = DockerfileParser.Parse(text);

        Assert.Equal(expected, result.Ast.Dump() + "\n");
    }

    [Theory]
    [MemberData(nameof(NegativeCases))]
    public void NegativeCaseFails(string name)
    {
        var text = File.ReadAllText(Path.Combine(SpecPaths.Parser("testfiles-negative"), name, "Dockerfile"));

        Assert.Throws<DockerfileException>(() => DockerfileParser.Parse(text));
    }

    [Fact]
    public void LineRangesAreTracked()
    {
        var text = File.ReadAllText(Path.Combine(SpecPaths.Parser("testfile-line"), "Dockerfile"));

        var root = DockerfileParser.Parse(text).Ast;

        Assert.Equal(5, root.StartLine);
        Assert.Equal(31, root.EndLine);
        Assert.Equal(
            [(5, 5), (11, 12), (17, 31)],
            root.Children.Select(c => (c.StartLine, c.EndLine)).ToArray());
    }
}
