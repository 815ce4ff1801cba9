using Berth.Build.Shell;

namespace Berth.Build.Tests;

public sealed class ShellVectorTests
{
    private static readonly Dictionary<string, string> EnvVarTestEnv = new()
    {
        ["PWD"] = "/home",
        ["SHELL"] = "bash",
        ["KOREAN"] = "한국어",
        ["NULL"] = "",
    };

    public static TheoryData<int, string, string> EnvVarVectors()
    {
        var data = new TheoryData<int, string, string>();
        var lineNo = 0;
        foreach (var line in File.ReadAllLines(SpecPaths.Shell("envVarTest")))
        {
            lineNo++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var fields = line.Split('|');
            Assert.Equal(3, fields.Length);
            var platform = fields[0].Trim();
            if (platform == "W")
            {
                continue; // Linux engine: variable names are case-sensitive
            }
            data.Add(lineNo, fields[1].Trim(), fields[2].Trim());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EnvVarVectors))]
    public void ProcessWordMatchesVector(int line, string input, string expected)
    {
        var lex = new ShellLex('\\');
        if (expected == "error")
        {
            Assert.Throws<ShellExpansionException>(() => lex.ProcessWord(input, EnvVarTestEnv));
            return;
        }
        Assert.True(expected == lex.ProcessWord(input, EnvVarTestEnv), $"line {line}: {input}");
    }

    public static TheoryData<int, string, string, string> WordsVectors()
    {
        var data = new TheoryData<int, string, string, string>();
        var env = new List<string>();
        var lineNo = 0;
        foreach (var line in File.ReadAllLines(SpecPaths.Shell("wordsTest")))
        {
            lineNo++;
            if (line.StartsWith('#'))
            {
                continue;
            }
            if (line.StartsWith("ENV ", StringComparison.Ordinal))
            {
                env.Add(line[4..].TrimStart());
                continue;
            }
            var parts = line.Split('|');
            if (parts.Length != 2)
            {
                continue;
            }
            data.Add(lineNo, string.Join('\n', env), parts[0].Trim(), parts[1].TrimStart());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WordsVectors))]
    public void ProcessWordsMatchesVector(int line, string envLines, string input, string expected)
    {
        var env = new Dictionary<string, string>();
        foreach (var kv in envLines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = kv.IndexOf('=');
            env[kv[..eq]] = kv[(eq + 1)..];
        }
        var lex = new ShellLex('\\');
        if (expected == "error")
        {
            Assert.Throws<ShellExpansionException>(() => lex.ProcessWords(input, env));
            return;
        }
        Assert.True(expected.Split(',') is var want && want.SequenceEqual(lex.ProcessWords(input, env)),
            $"line {line}: {input} -> [{string.Join("|", lex.ProcessWords(input, env))}]");
    }

    [Fact]
    public void VectorFilesAreNotEmpty()
    {
        Assert.True(EnvVarVectors().Count > 200);
        Assert.True(WordsVectors().Count > 20);
    }
}
